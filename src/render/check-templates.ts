import { checkHandlebars } from './check-handlebars.ts';
import { checkMarkup } from './check-markup.ts';
import { compileLocale, HTML_ENTRY, TEXT_ENTRY } from './compile-template.ts';
import { LOCALES } from './locales.ts';
import { loadMessages, localeFile, type Messages } from './messages.ts';
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
  const loaded = new Map<string, Messages>();
  for (const locale of LOCALES) {
    const result = await compileLocale(read, locale);
    // With a tag out of place, MJML's own errors are its consequences ("Attributes <table,
    // role… are illegal", "Element td doesn't exist" for each child): the cause is enough.
    if (Array.isArray(result)) errors.push(...(markup.length > 0 ? result.filter((e) => !e.message.startsWith('MJML: ')) : result));
    const messages = await loadMessages(read, locale);
    if (messages.ok) loaded.set(locale, messages.messages);
  }
  for (const [locale, messages] of loaded) {
    for (const [other, otherMessages] of loaded) {
      if (other === locale) continue;
      for (const [key, value] of Object.entries(otherMessages)) {
        const mine = messages[key];
        if (mine === undefined) {
          errors.push({ file: localeFile(locale), key, message: `missing translation "${key}" (present in ${localeFile(other)})` });
        } else if (typeof mine !== typeof value) {
          errors.push({ file: localeFile(locale), key, message: `"${key}" is ${kind(mine)} here but ${kind(value)} in ${localeFile(other)}` });
        }
      }
    }
  }
  return dedupe(errors);
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
