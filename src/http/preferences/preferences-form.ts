import { SECTIONS, type PreferenceForm, type Section } from '../../preferences/preferences.ts';
import { isLocale } from '../../render/locales.ts';
import { addDays, isClockTime, isLocalDate, isValidTimeZone, WEEKDAYS, type LocalDate, type Weekday } from '../../time/zones.ts';

/** The form's field names: part of the page's public contract (a script may post them). */
export const FIELDS = {
  sendAt: 'sendAt',
  timeZone: 'timeZone',
  workdays: 'workdays',
  locale: 'locale',
  sections: 'sections',
  pausedUntil: 'pausedUntil',
} as const;

/** Which fields were wrong; each maps to a page string `preferences.error…`. */
export type FormProblem = 'SendAt' | 'TimeZone' | 'Workdays' | 'Language' | 'Sections' | 'Pause';

/** A pause reaches at most this far ahead: a year is a long holiday, and a typo of a year is caught. */
const MAX_PAUSE_DAYS = 366;

/** Sections the organisation turned off (`off`): the form cannot change them, the person's own choice (`kept`) stays. */
export interface LockedSections {
  readonly off: readonly Section[];
  readonly kept: readonly Section[];
}

const NONE_LOCKED: LockedSections = { off: [], kept: [] };

/**
 * An urlencoded preferences form → the choices, or every problem at once (nothing is saved
 * unless all fields are right). `today` is the recipient's local date in the zone they chose:
 * a pause must not end before it. A section in `locked.off` is taken from `locked.kept`
 * whatever the form says: a save never turns on what the organisation turned off, nor loses
 * the person's choice of it for when the organisation turns it on again.
 */
export function parsePreferencesForm(
  body: string,
  today: (zone: string) => LocalDate,
  locked: LockedSections = NONE_LOCKED,
): { ok: true; form: PreferenceForm } | { ok: false; problems: FormProblem[]; submitted: URLSearchParams } {
  const params = new URLSearchParams(body);
  const problems: FormProblem[] = [];
  const one = (name: string) => (params.getAll(name).length === 1 ? params.get(name)!.trim() : null);

  const sendAt = one(FIELDS.sendAt);
  if (sendAt === null || !isClockTime(sendAt)) problems.push('SendAt');
  const timeZone = one(FIELDS.timeZone);
  if (timeZone === null || !isValidTimeZone(timeZone)) problems.push('TimeZone');
  const workdays = distinct(params.getAll(FIELDS.workdays));
  if (workdays.length === 0 || !workdays.every((d): d is Weekday => (WEEKDAYS as readonly string[]).includes(d))) problems.push('Workdays');
  const locale = one(FIELDS.locale);
  if (locale === null || !isLocale(locale)) problems.push('Language');
  const posted = distinct(params.getAll(FIELDS.sections));
  const sections = SECTIONS.filter((s) => (locked.off.includes(s) ? locked.kept : posted).includes(s));
  if (sections.length === 0 || !posted.every((s) => (SECTIONS as readonly string[]).includes(s))) problems.push('Sections');
  const pause = one(FIELDS.pausedUntil) ?? '';
  if (pause !== '') {
    // "Today" in the zone chosen, or in UTC when that zone is itself wrong.
    const from = today(timeZone && isValidTimeZone(timeZone) ? timeZone : 'UTC');
    if (!isLocalDate(pause) || pause < from || pause > addDays(from, MAX_PAUSE_DAYS)) problems.push('Pause');
  }

  if (problems.length > 0) return { ok: false, problems, submitted: params };
  return {
    ok: true,
    form: {
      sendAt: sendAt!,
      timeZone: timeZone!,
      // In the week's order, whatever order the browser sent them in.
      workdays: WEEKDAYS.filter((d) => workdays.includes(d)),
      locale: locale!,
      sections,
      pausedUntil: pause === '' ? null : pause,
    },
  };
}

function distinct(values: readonly string[]): string[] {
  return [...new Set(values.map((v) => v.trim()))];
}
