/** The languages we ship a translation for: one JSON file each in templates/locales/. */
export const LOCALES = ['en', 'nl'] as const;
export type Locale = (typeof LOCALES)[number];

export function isLocale(value: string): value is Locale {
  return (LOCALES as readonly string[]).includes(value);
}

/** The Intl locale behind each language: British English (24-hour clock, "24 November"), Dutch as in the Netherlands. */
export const INTL_LOCALES: Readonly<Record<Locale, string>> = { en: 'en-GB', nl: 'nl-NL' };
