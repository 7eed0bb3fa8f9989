import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { TEMPLATES_DIR } from '../paths.ts';
import { parseMessages, type Messages } from './messages.ts';

/**
 * A language we ship: the name of one JSON file in templates/locales/ ("en", "de"…). The
 * folder is the one list of languages: adding a locale is adding one file, and the email,
 * the pages, the roster import and the preview all pick it up.
 */
export type Locale = string;

const LOCALE_FILE = /^([a-z]{2,3}(?:-[A-Z]{2})?)\.json$/;

/** The locale names found in a templates folder's locales/ (sorted; English first when present). */
export function localesIn(templatesDir: string): Locale[] {
  const names = readdirSync(path.join(templatesDir, 'locales'))
    .map((file) => LOCALE_FILE.exec(file)?.[1])
    .filter((name): name is string => name !== undefined)
    .sort();
  return names.includes('en') ? ['en', ...names.filter((n) => n !== 'en')] : names;
}

let shipped: readonly Locale[] | undefined;

/** The languages shipped with the package, read from the folder once, on first use. */
export function locales(): readonly Locale[] {
  shipped ??= Object.freeze(localesIn(TEMPLATES_DIR));
  return shipped;
}

export function isLocale(value: string): value is Locale {
  return locales().includes(value);
}

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
