import Handlebars from 'handlebars';
import type { Locale } from './locales.ts';
import { checkRuntimeKeys, loadMessages, type Messages } from './messages.ts';
import { mjmlToHtml, type MjmlResult } from './mjml-to-html.ts';
import type { TemplateError } from './template-error.ts';
import type { ReadTemplateFile } from './template-files.ts';
import { assembleTemplate, originOf, type AssembledSource } from './template-source.ts';
import { DEFAULT_BRAND, fillMarkers, markerSource, translateSource, type CompileBrand } from './translate-source.ts';
import type { BriefingView } from './view-model.ts';

export const HTML_ENTRY = 'briefing.mjml';
export const TEXT_ENTRY = 'briefing.txt.hbs';

/** One locale's templates, ready for per-recipient rendering (Handlebars only). */
export interface CompiledLocale {
  readonly locale: Locale;
  readonly messages: Messages;
  readonly html: (view: BriefingView) => string;
  readonly text: (view: BriefingView) => string;
}

// An isolated Handlebars: no helpers or partials registered by other code can leak in.
const handlebars = Handlebars.create();
// strict: a misspelt field fails loudly (the renderer reports it) instead of printing nothing.
// knownHelpersOnly: the only helpers are if/each/unless/with, so data can never call one.
// data: false: the templates use no @index/@first, and without it every #each item and
// #if skips building a data frame (about a third of Handlebars' time; see BENCHMARKS.md).
const HBS_OPTIONS = { strict: true, knownHelpersOnly: true, data: false } as const;

/** The MJML of a locale with partials inlined and strings substituted: Handlebars still in it. */
export async function translatedSource(
  read: ReadTemplateFile,
  entry: string,
  messages: Messages,
  locale: Locale,
  mode: 'html' | 'text',
  brand: CompileBrand = DEFAULT_BRAND,
): Promise<AssembledSource | TemplateError[]> {
  const assembled = await assembleTemplate(read, entry);
  if (!('text' in assembled)) return [assembled];
  return translateSource(assembled, messages, locale, mode, brand);
}

/**
 * MJML once per template source, shared by the locales compiled with it: the source with
 * translation markers is the same for every locale, and MJML is most of the compile time
 * (what the preview pays on every save, a worker at start-up).
 */
export type MjmlOnce = (source: AssembledSource) => Promise<MjmlResult>;

export function mjmlOnce(): MjmlOnce {
  const done = new Map<string, Promise<MjmlResult>>();
  return (source) => {
    let result = done.get(source.text);
    if (!result) {
      result = mjmlToHtml(source, HTML_ENTRY);
      done.set(source.text, result);
    }
    return result;
  };
}

/**
 * Reads, translates, validates and compiles both templates of one locale. MJML runs here,
 * once (and once for all locales given the same `mjml`); what comes back only runs Handlebars.
 */
export async function compileLocale(
  read: ReadTemplateFile,
  locale: Locale,
  brand: CompileBrand = DEFAULT_BRAND,
  mjml: MjmlOnce = mjmlOnce(),
): Promise<CompiledLocale | TemplateError[]> {
  const loaded = await loadMessages(read, locale);
  if (!loaded.ok) return [loaded.error];
  const { messages } = loaded;
  const errors: TemplateError[] = checkRuntimeKeys(messages, locale);

  const html = await translatedSource(read, HTML_ENTRY, messages, locale, 'html', brand);
  const text = await translatedSource(read, TEXT_ENTRY, messages, locale, 'text', brand);
  if (Array.isArray(html)) errors.push(...html);
  if (Array.isArray(text)) errors.push(...text);
  if (Array.isArray(html) || Array.isArray(text) || errors.length > 0) return errors;

  // Handlebars is checked on the source, before MJML, so its line numbers point at the
  // file a developer edits rather than at MJML's output.
  const syntax = [...handlebarsErrors(html, HTML_ENTRY), ...handlebarsErrors(text, TEXT_ENTRY)];
  if (syntax.length > 0) return syntax;

  const assembled = await assembleTemplate(read, HTML_ENTRY);
  if (!('text' in assembled)) return [assembled];
  const compiled = await mjml(markerSource(assembled, brand));
  if (!compiled.ok) return compiled.errors;

  const htmlTemplate = handlebars.compile<BriefingView>(fillMarkers(compiled.html, messages), HBS_OPTIONS);
  const textTemplate = handlebars.compile<BriefingView>(text.text, { ...HBS_OPTIONS, noEscape: true });
  return { locale, messages, html: htmlTemplate, text: textTemplate };
}

export function handlebarsErrors(source: AssembledSource, entry: string): TemplateError[] {
  try {
    handlebars.parse(source.text);
    return [];
  } catch (error) {
    const e = error as Error & { lineNumber?: number };
    const line = e.lineNumber ?? Number(/on line (\d+)/.exec(e.message)?.[1] ?? Number.NaN);
    const origin = originOf(source, Number.isNaN(line) ? undefined : line);
    return [{ file: origin?.file ?? entry, line: origin?.line, message: `Handlebars: ${e.message}` }];
  }
}
