import { readFileSync } from 'node:fs';
import path from 'node:path';
import { TEMPLATES_DIR } from '../paths.ts';
import { isLocale, type Locale } from './locale-names.ts';
import { parseMessages, type Messages } from './messages.ts';

// The names alone live in locale-names.ts, so that `briefing --help` lists them without
// loading the message parser (zod, jsonc-parser).
export { isLocale, locales, localesIn, type Locale } from './locale-names.ts';

const catalogs = new Map<Locale, Messages>();

/**
 * The shipped messages of one locale, read once: what the pages (unsubscribe, preferences,
 * focus) say. The email reads the same files through its compile step, so both speak from
 * one source. Throws for a locale we do not ship or a file `check-templates` would refuse.
 */
export function catalog(locale: Locale): Messages {
  let found = catalogs.get(locale);
  if (!found) {
    if (!isLocale(locale)) throw new Error(`no translation file templates/locales/${locale}.json`);
    const file = `locales/${locale}.json`;
    const parsed = parseMessages(readFileSync(path.join(TEMPLATES_DIR, file), 'utf8'), file);
    if (!parsed.ok) throw new Error(`${parsed.error.file}${parsed.error.line ? `:${parsed.error.line}` : ''}: ${parsed.error.message}`);
    found = parsed.messages;
    catalogs.set(locale, found);
  }
  return found;
}

/**
 * The Intl locale behind a language (its file's "intl" key: "en-GB" for a 24-hour clock and
 * "24 November", "nl-NL", "de-DE"…).
 */
export function intlLocale(locale: Locale, messages: Messages = catalog(locale)): string {
  const tag = messages.intl;
  return typeof tag === 'string' ? tag : locale;
}
