import type { Recipient } from '../recipients/recipient.ts';
import type { LocalDate, Weekday } from '../time/zones.ts';
import type { Locale } from '../render/locales.ts';

/** The parts of a briefing a recipient can leave out. "meetings" includes "Awaiting your reply". */
export const SECTIONS = ['meetings', 'tasks', 'followUps', 'focus'] as const;
export type Section = (typeof SECTIONS)[number];

/**
 * A recipient's own choices, made on the preferences page. Only what differs from the
 * imported record is kept, so an admin's later change to a field the person never touched
 * still applies; what they did choose survives every `recipients import`.
 */
export interface Preferences {
  readonly sendAt?: string;
  readonly workdays?: readonly Weekday[];
  readonly locale?: Locale;
  readonly timeZone?: string;
  /** The sections to include; absent means all of them. */
  readonly sections?: readonly Section[];
  /** No briefing on any date up to and including this one. */
  readonly pausedUntil?: LocalDate;
}

/** Every field the page shows, always filled in (the form posts them all). */
export type PreferenceForm = Required<Omit<Preferences, 'pausedUntil'>> & { readonly pausedUntil: LocalDate | null };

/** The record the service acts on: the imported one with the person's own choices on top. `enabled` is the admin's alone. */
export function withPreferences(imported: Recipient, prefs: Preferences | null): Recipient {
  if (!prefs) return imported;
  return {
    ...imported,
    ...(prefs.sendAt ? { sendAt: prefs.sendAt } : {}),
    ...(prefs.workdays ? { workdays: prefs.workdays } : {}),
    ...(prefs.locale ? { locale: prefs.locale } : {}),
    ...(prefs.timeZone ? { timeZone: prefs.timeZone } : {}),
    ...(prefs.sections ? { sections: prefs.sections } : {}),
    ...(prefs.pausedUntil ? { pausedUntil: prefs.pausedUntil } : {}),
  };
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** What to keep of a submitted form: the fields that differ from the imported record (sections: unless all). */
export function preferencesToKeep(imported: Recipient, form: PreferenceForm): Preferences {
  const sections = SECTIONS.filter((s) => form.sections.includes(s));
  return {
    ...(form.sendAt !== imported.sendAt ? { sendAt: form.sendAt } : {}),
    ...(!sameList(form.workdays, imported.workdays) ? { workdays: form.workdays } : {}),
    ...(form.locale !== imported.locale ? { locale: form.locale } : {}),
    ...(form.timeZone !== imported.timeZone ? { timeZone: form.timeZone } : {}),
    ...(sections.length < SECTIONS.length ? { sections } : {}),
    ...(form.pausedUntil ? { pausedUntil: form.pausedUntil } : {}),
  };
}

/** Whether the recipient paused their briefing over `date`. */
export function isPausedOn(recipient: Recipient, date: LocalDate): boolean {
  return recipient.pausedUntil !== undefined && date <= recipient.pausedUntil;
}

export function includes(recipient: Recipient, section: Section): boolean {
  return !recipient.sections || recipient.sections.includes(section);
}
