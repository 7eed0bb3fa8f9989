import { readdirSync } from 'node:fs';
import path from 'node:path';
import { TEMPLATES_DIR } from '../paths.ts';

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
