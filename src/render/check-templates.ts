import { compileLocale } from './compile-template.ts';
import { localesIn } from './locales.ts';
import { loadMessages, localeFile, type Messages } from './messages.ts';
import type { TemplateError } from './template-error.ts';
import { templateFiles } from './template-files.ts';

/**
 * Everything `npm run check:templates` should fail on: each locale compiled (MJML strict
 * validation, Handlebars syntax, every key the templates and the view model use present),
 * and every locale holding exactly the keys of every other, with the same shape.
 */
export async function checkTemplates(
  templatesDir: string,
  overrides: Readonly<Record<string, string>> = {},
): Promise<TemplateError[]> {
  const read = templateFiles(templatesDir, overrides);
  const errors: TemplateError[] = [];
  const loaded = new Map<string, Messages>();
  for (const locale of localesIn(templatesDir)) {
    const result = await compileLocale(read, locale);
    if (Array.isArray(result)) errors.push(...result);
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
