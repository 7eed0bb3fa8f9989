import type { Recipient } from '../recipients/recipient.ts';
import type { Locale } from '../render/locales.ts';
import type { LocalDate, Weekday } from '../time/zones.ts';
import { withPreferences, type Preferences, type Section } from '../preferences/preferences.ts';

/** A recipient as stored: the effective settings, plus what only the store keeps. */
export interface StoredRecipient extends Recipient {
  /** Their number within their shard; it places their outcomes in a bucket. Never changes. */
  readonly seq: number;
  /** The latest local date whose briefing went out to them (a manual send of an earlier date is stale). */
  readonly lastSent?: LocalDate;
  /** When they were first imported (ISO instant); absent for records older than this field. */
  readonly joined?: string;
}

/** The hash fields an import writes; everything else in the record (p.*, seq, joined, lastSent) is kept. */
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

const words = (text: string | undefined) => (text ?? '').split(' ').filter(Boolean);

/** A record read back (HGETALL), as the service acts on it: the recipient's own choices over the imported fields; null when there is none. */
export function fromFields(id: string, f: Readonly<Record<string, string>>): StoredRecipient | null {
  const imported = importedFromFields(id, f);
  return imported && {
    ...withPreferences(imported, preferencesFromFields(f)),
    seq: imported.seq,
    ...(imported.lastSent ? { lastSent: imported.lastSent } : {}),
    ...(imported.joined ? { joined: imported.joined } : {}),
  };
}

/** The record as imported, without the recipient's own choices (the preferences page compares with it). */
export function importedFromFields(id: string, f: Readonly<Record<string, string>>): StoredRecipient | null {
  if (f.email === undefined) return null;
  const [start = '09:00', end = '17:00'] = (f.hours ?? '').split('-');
  return {
    id,
    email: f.email,
    name: f.name ?? '',
    locale: f.locale as Locale,
    timeZone: f.tz!,
    sendAt: f.sendAt!,
    workdays: words(f.workdays) as Weekday[],
    workHours: { start, end },
    ...(f.calendar ? { calendar: f.calendar } : {}),
    ...(f.content ? { content: f.content } : {}),
    enabled: f.enabled !== '0',
    seq: Number(f.seq ?? 0),
    ...(f.lastSent ? { lastSent: f.lastSent } : {}),
    ...(f.joined ? { joined: new Date(Number(f.joined) * 1000).toISOString() } : {}),
  };
}

/** The recipient's own choices, kept as `p.*` fields (only those that differ from the import). */
export function preferencesFromFields(f: Readonly<Record<string, string | undefined>>): Preferences | null {
  const prefs: Preferences = {
    ...(f['p.sendAt'] ? { sendAt: f['p.sendAt'] } : {}),
    ...(f['p.workdays'] !== undefined ? { workdays: words(f['p.workdays']) as Weekday[] } : {}),
    ...(f['p.locale'] ? { locale: f['p.locale'] as Locale } : {}),
    ...(f['p.tz'] ? { timeZone: f['p.tz'] } : {}),
    ...(f['p.sections'] !== undefined ? { sections: words(f['p.sections']) as Section[] } : {}),
    ...(f['p.pausedUntil'] ? { pausedUntil: f['p.pausedUntil'] } : {}),
  };
  return Object.keys(prefs).length > 0 ? prefs : null;
}

/** The `p.*` field, value pairs that make a record hold exactly these choices ('' deletes a field). */
export function preferenceFields(p: Preferences): string[] {
  return [
    'p.sendAt', p.sendAt ?? '',
    'p.tz', p.timeZone ?? '',
    'p.locale', p.locale ?? '',
    // An empty list of workdays is a choice ("none"): stored as one space, read back as [].
    'p.workdays', p.workdays ? p.workdays.join(' ') || ' ' : '',
    'p.sections', p.sections ? p.sections.join(' ') || ' ' : '',
    'p.pausedUntil', p.pausedUntil ?? '',
  ];
}
