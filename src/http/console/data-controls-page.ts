import { checkSections, ORG_SECTIONS, type OrgSection, type OrgSettings } from '../../org/org-settings.ts';
import type { OrgAuditEntry } from '../../store/org-settings-store.ts';
import { escapeHtml } from '../unsubscribe/escape-html.ts';
import { csrfField, type ConsolePage } from './console-frame.ts';

/** Audit entries shown under the form; the whole audit is `briefing org audit`. */
export const AUDIT_SHOWN = 5;

/** The form's field names: `on` once per section left on, `remoteFeeds=on` when feeds are fetched. */
export const FORM = { on: 'on', remoteFeeds: 'remoteFeeds' } as const;

const LABEL: Readonly<Record<OrgSection, string>> = {
  invitations: 'Awaiting your reply (the invitations stay in the day’s list, unmarked)',
  meetings: 'Meetings (invitations included)',
  tasks: 'Tasks',
  'follow-ups': 'Follow-ups',
  'focus-time': 'Focus time (the suggestion and its Book link)',
};

const choice = (name: string, value: string, label: string, code: string, checked: boolean) =>
  `<label class="choice"><input type="checkbox" name="${name}" value="${escapeHtml(value)}"${checked ? ' checked' : ''}><span>${escapeHtml(label)} <code>${escapeHtml(code)}</code></span></label>`;

function auditTable(entries: readonly OrgAuditEntry[]): string {
  if (entries.length === 0) return '<p class="muted">No change yet: every section is on and remote feeds are fetched.</p>';
  const rows = entries.map((e) => `<tr><td class="when">${escapeHtml(e.at.slice(0, 10))}<br>${escapeHtml(e.at.slice(11, 16))}</td><td>${escapeHtml(e.source)}</td><td class="reason">${escapeHtml(e.change)}</td></tr>`);
  return `<div class="scroll"><table><thead><tr><th>When (UTC)</th><th>From</th><th>Change</th></tr></thead><tbody>${rows.join('')}</tbody></table></div><p class="muted">The last ${AUDIT_SHOWN} changes, newest first; <code>briefing org audit</code> prints them all.</p>`;
}

/** The data controls as a form (a checked box is on), and the last changes. */
export function dataControlsPage(settings: OrgSettings, audit: readonly OrgAuditEntry[], csrf: string, notice?: string, problems: readonly string[] = []): ConsolePage {
  const sections = ORG_SECTIONS.map((s) => choice(FORM.on, s, LABEL[s], s, !settings.sectionsOff.includes(s))).join('');
  const feeds = choice(FORM.remoteFeeds, 'on', 'Fetch remote feeds (http(s) calendars and content files; local files are always read)', 'remote-feeds', settings.remoteFeeds);
  const body = [
    notice ? `<p class="note">${escapeHtml(notice)}</p>` : '',
    problems.length > 0 ? `<p class="error" role="alert">${problems.map(escapeHtml).join('<br>')}. Nothing was changed.</p>` : '',
    `<section><h2>For everyone</h2><p>A section turned off is left out of every briefing, whatever each person chose; turned on again, their own choice applies. Workers pick a change up within 5 s.</p>`,
    `<form method="post" action="/admin/data-controls">${csrfField(csrf)}<fieldset><legend>Sections</legend>${sections}</fieldset><fieldset><legend>Remote feeds</legend>${feeds}</fieldset><button type="submit">Save the data controls</button></form></section>`,
    `<section><h2>Last changes</h2>${auditTable(audit)}</section>`,
  ].join('');
  return { title: 'Data controls', body, csrf };
}

/**
 * The console's form as the body `applyOrgControls` reads (`PUT /admin/api/org`'s): the
 * sections not ticked are off. An unknown section name is a problem, not ignored.
 */
export function orgBodyOfForm(form: URLSearchParams): { ok: true; body: { sectionsOff: OrgSection[]; remoteFeeds: boolean } } | { ok: false; problems: string[] } {
  const checked = checkSections(form.getAll(FORM.on), FORM.on);
  const feeds = form.getAll(FORM.remoteFeeds);
  const problems = [
    ...(checked.ok ? [] : checked.problems),
    ...(feeds.every((v) => v === 'on') ? [] : [`${FORM.remoteFeeds}: expected "on" (fetched) or no field (not fetched)`]),
  ];
  if (!checked.ok || problems.length > 0) return { ok: false, problems };
  return { ok: true, body: { sectionsOff: ORG_SECTIONS.filter((s) => !checked.sections.includes(s)), remoteFeeds: feeds.length > 0 } };
}
