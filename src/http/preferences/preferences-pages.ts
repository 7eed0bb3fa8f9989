import { SECTIONS, type PreferenceForm, type Section } from '../../preferences/preferences.ts';
import { intlLocale, locales, type Locale } from '../../render/locales.ts';
import { WEEKDAYS, type Weekday } from '../../time/zones.ts';
import { layout, pageText, para, type PageText } from '../pages/page-frame.ts';
import { escapeHtml } from '../unsubscribe/escape-html.ts';
import { FIELDS, type FormProblem } from './preferences-form.ts';

/** What the page knows about the person besides their settings. */
export interface PreferencesStanding {
  readonly optedOut: boolean;
  readonly adminOff: boolean;
  /** Sections the organisation turned off for everyone: shown disabled, left out of the summary. */
  readonly orgOff: readonly Section[];
}

const SECTION_LABEL: Readonly<Record<Section, string>> = {
  meetings: 'meetingsHeading',
  tasks: 'tasksHeading',
  followUps: 'followUpsHeading',
  focus: 'focusHeading',
};

// 2026-11-23 is a Monday: the weekday names in each language, Monday first.
const weekdayName = (locale: Locale, day: Weekday) =>
  new Intl.DateTimeFormat(intlLocale(locale), { weekday: 'long', timeZone: 'UTC' }).format(Date.UTC(2026, 10, 23 + WEEKDAYS.indexOf(day)));

/** Each language in its own name ("Deutsch", "Français"), so a reader finds theirs in any page language. */
const languageName = (locale: Locale) => {
  const name = new Intl.DisplayNames([intlLocale(locale)], { type: 'language' }).of(locale) ?? locale;
  return name.charAt(0).toLocaleUpperCase(intlLocale(locale)) + name.slice(1);
};

const zoneList = (current: string) => {
  const zones = Intl.supportedValuesOf('timeZone');
  return zones.includes(current) ? zones : [current, ...zones];
};

const attr = (text: string) => escapeHtml(text);
const option = (value: string, label: string, selected: boolean) =>
  `<option value="${attr(value)}"${selected ? ' selected' : ''}>${escapeHtml(label)}</option>`;
const checkbox = (name: string, value: string, label: string, checked: boolean) =>
  `<label><input type="checkbox" name="${name}" value="${attr(value)}"${checked ? ' checked' : ''}>${escapeHtml(label)}</label>`;
// Not posted (disabled), so a save keeps the person's own choice of it (see parsePreferencesForm).
const lockedBox = (name: string, value: string, label: string, why: string) =>
  `<label class="locked"><input type="checkbox" name="${name}" value="${attr(value)}" disabled>${escapeHtml(label)} <span class="hint">(${escapeHtml(why)})</span></label>`;

function notes(s: PageText, standing: PreferencesStanding, form: PreferenceForm, formatDate: (d: string) => string): string {
  return [
    standing.adminOff ? para(s('preferences.adminOffNote')) : '',
    standing.optedOut ? para(s('preferences.optedOutNote')) : '',
    form.pausedUntil ? para(s('preferences.pausedNote', { date: formatDate(form.pausedUntil) })) : '',
  ].join('');
}

export function dateFormatter(locale: Locale): (date: string) => string {
  const format = new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: 'long', timeZone: 'UTC' });
  return (date) => format.format(new Date(`${date}T12:00:00Z`));
}

/** The form, filled with the settings in effect (or with what was submitted, beside its problems). */
export function preferencesPage(
  locale: Locale,
  token: string,
  form: PreferenceForm,
  standing: PreferencesStanding,
  problems: readonly FormProblem[] = [],
): string {
  const s = pageText(locale);
  const errors =
    problems.length > 0
      ? `<div class="error" role="alert"><p><strong>${escapeHtml(s('preferences.invalidTitle'))}</strong></p><ul>${problems
          .map((p) => `<li>${escapeHtml(s(`preferences.error${p}`))}</li>`)
          .join('')}</ul></div>`
      : '';
  const fields = [
    `<div class="row"><label class="field" for="f-sendAt">${escapeHtml(s('preferences.sendAt'))}</label>` +
      `<input type="time" id="f-sendAt" name="${FIELDS.sendAt}" value="${attr(form.sendAt)}" required></div>`,
    `<div class="row"><label class="field" for="f-timeZone">${escapeHtml(s('preferences.timeZone'))}</label>` +
      `<select id="f-timeZone" name="${FIELDS.timeZone}">${zoneList(form.timeZone)
        .map((z) => option(z, z.replaceAll('_', ' '), z === form.timeZone))
        .join('')}</select></div>`,
    `<fieldset><legend>${escapeHtml(s('preferences.workdays'))}</legend><div class="choices">${WEEKDAYS.map((d) =>
      checkbox(FIELDS.workdays, d, weekdayName(locale, d), form.workdays.includes(d)),
    ).join('')}</div></fieldset>`,
    `<div class="row"><label class="field" for="f-locale">${escapeHtml(s('preferences.language'))}</label>` +
      `<select id="f-locale" name="${FIELDS.locale}">${locales()
        .map((l) => option(l, languageName(l), l === form.locale))
        .join('')}</select></div>`,
    `<fieldset><legend>${escapeHtml(s('preferences.sections'))}</legend><div class="choices">${SECTIONS.map((sec) =>
      standing.orgOff.includes(sec)
        ? lockedBox(FIELDS.sections, sec, s(SECTION_LABEL[sec]), s('preferences.orgOffSection'))
        : checkbox(FIELDS.sections, sec, s(SECTION_LABEL[sec]), form.sections.includes(sec)),
    ).join('')}</div></fieldset>`,
    `<div class="row"><label class="field" for="f-pause">${escapeHtml(s('preferences.pause'))}<span class="hint">${escapeHtml(
      s('preferences.pauseHint'),
    )}</span></label><input type="date" id="f-pause" name="${FIELDS.pausedUntil}" value="${attr(form.pausedUntil ?? '')}"></div>`,
  ].join('');
  return layout(
    locale,
    s('preferences.title'),
    para(s('preferences.intro')) +
      notes(s, standing, form, dateFormatter(locale)) +
      errors +
      `<form method="post" action="../preferences/${attr(token)}">${fields}<button type="submit">${escapeHtml(s('preferences.save'))}</button></form>`,
  );
}

/** After a save: what is in effect now, and a way back to the form. */
export function savedPage(locale: Locale, token: string, form: PreferenceForm, standing: PreferencesStanding): string {
  const s = pageText(locale);
  const list = (items: readonly string[]) => escapeHtml(items.join(', '));
  const summary =
    `<dl><dt>${escapeHtml(s('preferences.sendAt'))}</dt><dd>${escapeHtml(form.sendAt)} (${escapeHtml(form.timeZone.replaceAll('_', ' '))})</dd>` +
    `<dt>${escapeHtml(s('preferences.workdays'))}</dt><dd>${list(form.workdays.map((d) => weekdayName(locale, d)))}</dd>` +
    `<dt>${escapeHtml(s('preferences.language'))}</dt><dd>${escapeHtml(languageName(form.locale))}</dd>` +
    `<dt>${escapeHtml(s('preferences.sections'))}</dt><dd>${list(form.sections.filter((sec) => !standing.orgOff.includes(sec)).map((sec) => s(SECTION_LABEL[sec])))}</dd></dl>`;
  return layout(
    locale,
    s('preferences.savedTitle'),
    para(s('preferences.savedBody')) +
      notes(s, standing, form, dateFormatter(locale)) +
      summary +
      `<p><a href="../preferences/${attr(token)}">${escapeHtml(s('preferences.edit'))}</a></p>`,
  );
}
