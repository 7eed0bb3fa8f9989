import { checkHandlebars } from './check-handlebars.ts';
import { checkMarkup } from './check-markup.ts';
import { compileLocale, HTML_ENTRY, mjmlOnce, TEXT_ENTRY } from './compile-template.ts';
import { localesIn } from './locales.ts';
import { keyLine, loadMessages, localeFile, type Messages } from './messages.ts';
import { mjmlElements } from './mjml-to-html.ts';
import type { TemplateError } from './template-error.ts';
import { templateFiles, type ReadTemplateFile } from './template-files.ts';
import { assembleTemplate } from './template-source.ts';

/**
 * Everything `npm run check:templates` should fail on: what MJML forgives (tags, elements,
 * attributes) and what Handlebars finds only at the first render (helpers, partials); each
 * locale compiled (MJML strict validation, Handlebars syntax, every key the templates and
 * the view model use present); and every locale holding exactly the keys of every other,
 * with the same shape.
 */
export async function checkTemplates(
  templatesDir: string,
  overrides: Readonly<Record<string, string>> = {},
): Promise<TemplateError[]> {
  const read = templateFiles(templatesDir, overrides);
  const markup = await checkTemplateSource(read);
  const errors: TemplateError[] = [...markup];
  const loaded = new Map<string, { messages: Messages; raw: string }>();
  const mjml = mjmlOnce();
  for (const locale of localesIn(templatesDir)) {
    const result = await compileLocale(read, locale, undefined, mjml);
    // With a tag out of place, MJML's own errors are its consequences ("Attributes <table,
    // role… are illegal", "Element td doesn't exist" for each child): the cause is enough.
    if (Array.isArray(result)) errors.push(...(markup.length > 0 ? result.filter((e) => !e.message.startsWith('MJML: ')) : result));
    const messages = await loadMessages(read, locale);
    if (messages.ok) loaded.set(locale, { messages: messages.messages, raw: await read(localeFile(locale)) });
  }
  for (const [locale, mine] of loaded) {
    const file = localeFile(locale);
    for (const [other, theirs] of loaded) {
      if (other === locale) continue;
      const keys = Object.keys(theirs.messages);
      for (const [index, key] of keys.entries()) {
        const value = theirs.messages[key]!;
        const own = mine.messages[key];
        const where = `${localeFile(other)}:${keyLine(theirs.raw, key)}`;
        if (own === undefined) {
          // Point at the line it belongs after: the nearest earlier key this file has.
          const before = keys.slice(0, index).reverse().find((k) => mine.messages[k] !== undefined);
          const line = before === undefined ? 1 : keyLine(mine.raw, before);
          const hint = before === undefined ? 'at the top' : `after "${before}"`;
          errors.push({ file, line, key, message: `missing translation "${key}" (${where} has it; add it ${hint})` });
        } else if (typeof own !== typeof value) {
          errors.push({ file, line: keyLine(mine.raw, key), key, message: `"${key}" is ${kind(own)} here but ${kind(value)} in ${where}` });
        }
      }
    }
  }
  return mergeMissing(dedupe(errors));
}

/**
 * One problem per missing key and file: where it belongs (its file and line), which locale
 * has it, and where the templates use it, instead of one line per locale and per use.
 */
function mergeMissing(errors: TemplateError[]): TemplateError[] {
  const missing = new Map<string, TemplateError[]>();
  const rest: TemplateError[] = [];
  for (const e of errors) {
    if (e.key !== undefined && e.message.startsWith('missing translation')) {
      const id = `${e.file}\u0000${e.key}`;
      missing.set(id, [...(missing.get(id) ?? []), e]);
    } else rest.push(e);
  }
  const merged = [...missing.values()].map((group) => {
    const placed = group.find((e) => e.line !== undefined) ?? group[0]!;
    const uses = group.map((e) => /\(used at ([^)]+)\)/.exec(e.message)?.[1]).filter((u): u is string => u !== undefined);
    const detail = /\((.*has it; add it [^)]*)\)/.exec(placed.message)?.[1] ?? /\((.*)\)$/.exec(placed.message)?.[1];
    const parts = [detail, uses.length > 0 ? `used at ${uses.join(', ')}` : undefined].filter(Boolean);
    return { ...placed, message: `missing translation "${placed.key}"${parts.length > 0 ? ` (${parts.join('; ')})` : ''}` };
  });
  return [...merged, ...rest];
}

/**
 * The checks of the templates as written, before any locale or MJML compile: tags,
 * elements, attributes, Handlebars helpers and partials. Cheap enough for every save.
 */
export async function checkTemplateSource(read: ReadTemplateFile): Promise<TemplateError[]> {
  const problems: TemplateError[] = [];
  // A template that cannot be assembled (a missing include) or parsed (a broken `{{`) is the
  // compile step's to report: its tags cannot be told from its expressions.
  const html = await assembleTemplate(read, HTML_ENTRY);
  const helpers = 'text' in html ? checkHandlebars(html, HTML_ENTRY) : undefined;
  if ('text' in html && helpers) problems.push(...checkMarkup(html, HTML_ENTRY, await mjmlElements()), ...helpers);
  const text = await assembleTemplate(read, TEXT_ENTRY);
  if ('text' in text) problems.push(...(checkHandlebars(text, TEXT_ENTRY) ?? []));
  return problems;
}

function kind(value: unknown): string {
  return typeof value === 'string' ? 'a string' : 'plural forms';
}

function dedupe(errors: TemplateError[]): TemplateError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const id = `${e.file}:${e.line}:${e.message}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
