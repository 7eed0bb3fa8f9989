import Handlebars from 'handlebars';
import type { Locale } from './locales.ts';
import { checkRuntimeKeys, loadMessages, type Messages } from './messages.ts';
import { mjmlToHtml } from './mjml-to-html.ts';
import type { TemplateError } from './template-error.ts';
import type { ReadTemplateFile } from './template-files.ts';
import { assembleTemplate, originOf, type AssembledSource } from './template-source.ts';
import { DEFAULT_BRAND, translateSource, type CompileBrand } from './translate-source.ts';
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
 * Reads, translates, validates and compiles both templates of one locale. MJML runs here,
 * once; what comes back only runs Handlebars.
 */
export async function compileLocale(
  read: ReadTemplateFile,
  locale: Locale,
  brand: CompileBrand = DEFAULT_BRAND,
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

  const compiled = await mjmlToHtml(html, HTML_ENTRY);
  if (!compiled.ok) return compiled.errors;

  const htmlTemplate = handlebars.compile<BriefingView>(compiled.html, HBS_OPTIONS);
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
