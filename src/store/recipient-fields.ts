import type { Recipient } from '../recipients/recipient.ts';
import type { Locale } from '../render/locales.ts';
import type { LocalDate, Weekday } from '../time/zones.ts';

/** A recipient as stored: the effective settings, plus what only the store keeps. */
export interface StoredRecipient extends Recipient {
  /** Their number within their shard; it places their outcomes in a bucket. Never changes. */
  readonly seq: number;
  /** The latest local date whose briefing went out to them (a manual send of an earlier date is stale). */
  readonly lastSent?: LocalDate;
}

/** The hash fields an import writes; everything else in the record (p.*, seq, lastSent) is kept. */
export const IMPORTED_FIELDS = ['email', 'name', 'locale', 'tz', 'sendAt', 'workdays', 'hours', 'calendar', 'content', 'enabled'] as const;

/** Field, value pairs for the upsert script: an empty value deletes an optional field. */
export function importedFields(r: Recipient): string[] {
  const values: Record<(typeof IMPORTED_FIELDS)[number], string> = {
    email: r.email,
    name: r.name,
    locale: r.locale,
    tz: r.timeZone,
    sendAt: r.sendAt,
    workdays: r.workdays.join(' '),
    hours: `${r.workHours.start}-${r.workHours.end}`,
    calendar: r.calendar ?? '',
    content: r.content ?? '',
    enabled: r.enabled ? '1' : '0',
  };
  return IMPORTED_FIELDS.flatMap((f) => [f, values[f]]);
}

/** The send group of a record's fields, as lua/includes/group.lua computes it ('' for none). */
export function groupOfFields(f: Readonly<Record<string, string | undefined>>): string {
  const tz = f['p.tz'] ?? f.tz;
  const sendAt = f['p.sendAt'] ?? f.sendAt;
  return tz && sendAt ? `${tz}|${sendAt}` : '';
}

/** The group a recipient's own preferences and a (new) import give together. */
export function groupWith(r: Pick<Recipient, 'timeZone' | 'sendAt'>, own: Readonly<Record<string, string | undefined>>): string {
  return `${own['p.tz'] ?? r.timeZone}|${own['p.sendAt'] ?? r.sendAt}`;
}

/** A record read back (HGETALL); null when the hash is empty (no such recipient). */
export function fromFields(id: string, f: Readonly<Record<string, string>>): StoredRecipient | null {
  if (f.email === undefined) return null;
  const [start = '09:00', end = '17:00'] = (f.hours ?? '').split('-');
  const workdays = (f['p.workdays'] ?? f.workdays ?? '').split(' ').filter(Boolean) as Weekday[];
  return {
    id,
    email: f.email,
    name: f.name ?? '',
    locale: (f['p.locale'] ?? f.locale) as Locale,
    timeZone: f['p.tz'] ?? f.tz!,
    sendAt: f['p.sendAt'] ?? f.sendAt!,
    workdays,
    workHours: { start, end },
    ...(f.calendar ? { calendar: f.calendar } : {}),
    ...(f.content ? { content: f.content } : {}),
    enabled: f.enabled !== '0',
    seq: Number(f.seq ?? 0),
    ...(f.lastSent ? { lastSent: f.lastSent } : {}),
  };
}
