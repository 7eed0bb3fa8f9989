import { INTL_LOCALES, type Locale } from './locales.ts';

/** The Intl objects one locale and time zone need. Building them costs far more than using them. */
export interface Formatters {
  readonly time: Intl.DateTimeFormat;
  /** "Tuesday 24 November" for the briefing's local date (calendar dates are formatted in UTC). */
  readonly longDate: Intl.DateTimeFormat;
  /** "23 Nov" for due dates. */
  readonly shortDate: Intl.DateTimeFormat;
  readonly plural: Intl.PluralRules;
  readonly number: Intl.NumberFormat;
}

const cache = new Map<string, Formatters>();

export function formattersFor(locale: Locale, timeZone: string): Formatters {
  const cacheKey = `${locale}|${timeZone}`;
  let found = cache.get(cacheKey);
  if (!found) {
    const tag = INTL_LOCALES[locale];
    found = {
      time: new Intl.DateTimeFormat(tag, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }),
      longDate: new Intl.DateTimeFormat(tag, { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' }),
      shortDate: new Intl.DateTimeFormat(tag, { day: 'numeric', month: 'short', timeZone: 'UTC' }),
      plural: new Intl.PluralRules(tag),
      number: new Intl.NumberFormat(tag),
    };
    cache.set(cacheKey, found);
  }
  return found;
}
