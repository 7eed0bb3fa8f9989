import type { LocalDate, Weekday } from '../time/zones.ts';
import type { Locale } from '../render/locales.ts';
import type { Section } from '../preferences/preferences.ts';

/** One person on the roster, as stored after import (every default filled in). */
export interface Recipient {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly locale: Locale;
  readonly timeZone: string;
  /** Local wall-clock time of the daily send, HH:MM. */
  readonly sendAt: string;
  readonly workdays: readonly Weekday[];
  readonly workHours: { readonly start: string; readonly end: string };
  /** Absolute file path or http(s) URL of an iCalendar feed. */
  readonly calendar?: string;
  /** Absolute file path or http(s) URL of a JSON `{ tasks, followUps }` file. */
  readonly content?: string;
  /** False when an admin switched this person's briefing off (the admin's switch, not an opt-out). */
  readonly enabled: boolean;
  /** The recipient's own choice (preferences page): the sections to include; absent means all. */
  readonly sections?: readonly Section[];
  /** The recipient's own choice: no briefing up to and including this local date. */
  readonly pausedUntil?: LocalDate;
}
