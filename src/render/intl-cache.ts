
/**
 * The formatting one locale and time zone need, memoised. Intl's `format` costs a few
 * microseconds a call, and a busy day formats ~50 values; across a send run the same
 * clock times, dates and counts recur for thousands of recipients, so each distinct value
 * is formatted once per locale and zone.
 */
export interface Formatters {
  /** "09:30" in the recipient's zone. */
  time(instant: Date): string;
  /** "Tuesday 24 November" for a YYYY-MM-DD local date (calendar dates are formatted in UTC). */
  longDate(date: string): string;
  /** "23 Nov" for due dates. */
  shortDate(date: string): string;
  /** The plural category of a count ("one", "other"…). */
  pluralOf(count: number): string;
  /** A count as the locale writes it ("1,200"). */
  number(count: number): string;
}

// Bounds each memo: a day has 1,440 minutes, so a send run stays far below it; a
// long-running worker crossing many dates starts afresh instead of growing.
const MAX_ENTRIES = 4096;

function memo<K, V>(compute: (key: K) => V): (key: K) => V {
  const cache = new Map<K, V>();
  return (key) => {
    let value = cache.get(key);
    if (value === undefined) {
      if (cache.size >= MAX_ENTRIES) cache.clear();
      value = compute(key);
      cache.set(key, value);
    }
    return value;
  };
}

const cache = new Map<string, Formatters>();

export function formattersFor(intlTag: string, timeZone: string): Formatters {
  const cacheKey = `${intlTag}|${timeZone}`;
  let found = cache.get(cacheKey);
  if (!found) {
    const tag = intlTag;
    const time = new Intl.DateTimeFormat(tag, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone });
    const longDate = new Intl.DateTimeFormat(tag, { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' });
    const shortDate = new Intl.DateTimeFormat(tag, { day: 'numeric', month: 'short', timeZone: 'UTC' });
    const plural = new Intl.PluralRules(tag);
    const number = new Intl.NumberFormat(tag);
    const calendarDate = (date: string) => new Date(`${date}T00:00:00Z`);
    const timeOfMs = memo((ms: number) => time.format(ms));
    found = {
      time: (instant) => timeOfMs(instant.getTime()),
      longDate: memo((date: string) => longDate.format(calendarDate(date))),
      shortDate: memo((date: string) => shortDate.format(calendarDate(date))),
      pluralOf: memo((count: number) => plural.select(count)),
      number: memo((count: number) => number.format(count)),
    };
    cache.set(cacheKey, found);
  }
  return found;
}
