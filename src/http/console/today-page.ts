import { OUTCOME_STATUSES, type OutcomeStatus } from '../../delivery/outcome.ts';
import { describeOrgSettings } from '../../org/org-settings.ts';
import { escapeHtml } from '../unsubscribe/escape-html.ts';
import { postButton, type ConsolePage } from './console-frame.ts';
import type { Today } from './today-data.ts';

/** Seconds between reloads of the today page while a send runs. */
export const REFRESH_SECONDS = 5;

// Always shown, so the table keeps its shape; the other outcomes only on a day that has them.
const ALWAYS: readonly OutcomeStatus[] = ['sent', 'pending', 'failed'];

const utc = (d: Date) => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
const cell = (n: number) => `<td class="n">${n}</td>`;
// A long zone name may break after its slashes on a phone ("America/ New_York").
const zoneName = (zone: string) => escapeHtml(zone).replaceAll('/', '/<wbr>');

function countsTable(today: Today): string {
  if (today.zones.length === 0) return '<p class="muted">Nobody is on the roster yet: import one with <code>briefing recipients import FILE</code>.</p>';
  const shown = OUTCOME_STATUSES.filter((s) => ALWAYS.includes(s) || today.zones.some((z) => z.counts[s] > 0));
  const head = `<tr><th>Zone · local today</th>${shown.map((s) => `<th class="n">${escapeHtml(s)}</th>`).join('')}</tr>`;
  const rows = today.zones.map((z) => `<tr><td>${zoneName(z.zone)}<br><span class="muted">${escapeHtml(z.date)}</span></td>${shown.map((s) => cell(z.counts[s])).join('')}</tr>`);
  const total = `<tr class="total"><td>All zones</td>${shown.map((s) => cell(today.zones.reduce((n, z) => n + z.counts[s], 0))).join('')}</tr>`;
  return `<div class="scroll"><table><thead>${head}</thead><tbody>${rows.join('')}${total}</tbody></table></div>`;
}

function progress(today: Today): string {
  const { briefings, fanOuts } = today.inFlight;
  if (briefings === 0 && fanOuts === 0) return '<p class="muted">No send is running.</p>';
  const jobs = today.sendAll.map((j) => {
    const p = j.progress ? Object.entries(j.progress).map(([k, v]) => `${escapeHtml(k)} ${Number(v)}`).join(', ') : 'not started';
    return `<li>Send to everyone for ${escapeHtml(j.date)}: ${escapeHtml(j.state)} (${p})</li>`;
  });
  return `<p class="note">Sending: ${briefings} briefing${briefings === 1 ? '' : 's'} in the send queues, ${fanOuts} fan-out job${fanOuts === 1 ? '' : 's'} to go. This page refreshes every ${REFRESH_SECONDS} s.</p>${jobs.length ? `<ul>${jobs.join('')}</ul>` : ''}`;
}

function pauseSwitch(today: Today, csrf: string): string {
  if (today.pausedSince) {
    return `<p class="paused">Paused since ${escapeHtml(today.pausedSince)}: briefings due now wait; <strong>Resume</strong> sends those still within CATCH_UP of their send time.</p>${postButton('/admin/resume', 'Resume', csrf)}`;
  }
  return `<p>Briefings go out. Pause holds every briefing until you resume.</p>${postButton('/admin/pause', 'Pause all briefings', csrf, {}, 'warn')}`;
}

function nextTable(today: Today): string {
  if (today.next.length === 0) return '<p class="muted">No send group has members.</p>';
  const rows = today.next.map((g) => `<tr><td class="when">${escapeHtml(g.at.toISOString().slice(0, 10))}<br>${escapeHtml(g.at.toISOString().slice(11, 16))}</td><td>${zoneName(g.group.timeZone)}<br><span class="muted">${escapeHtml(g.group.sendAt)} on ${escapeHtml(g.date)}</span></td><td class="n">${g.members}</td></tr>`);
  return `<div class="scroll"><table><thead><tr><th>When (UTC)</th><th>Group · local time</th><th class="n">People</th></tr></thead><tbody>${rows.join('')}</tbody></table></div><p class="muted">Members whose workday it is get a briefing.</p>`;
}

function exports(today: Today): string {
  const dates = [...new Set(today.zones.map((z) => z.date))].sort();
  const links = dates.map((d) => `<li><a href="/admin/export/outcomes.csv?date=${escapeHtml(d)}">Outcomes of ${escapeHtml(d)} (CSV)</a></li>`);
  return `<ul><li><a href="/admin/export/optouts.csv">Current opt-outs with addresses (CSV)</a></li>${links.join('')}</ul>`;
}

export function todayPage(today: Today, csrf: string, notice?: string): ConsolePage {
  const running = today.inFlight.briefings > 0 || today.inFlight.fanOuts > 0;
  const body = [
    notice ? `<p class="note">${escapeHtml(notice)}</p>` : '',
    `<section><h2>Outcomes by zone</h2><p class="muted">As of ${escapeHtml(utc(today.now))}.</p>${countsTable(today)}${progress(today)}</section>`,
    `<section><h2>Organisation switch</h2>${pauseSwitch(today, csrf)}</section>`,
    `<section><h2>Data controls</h2><p>${escapeHtml(describeOrgSettings(today.org))}.</p><p><a href="/admin/data-controls">Change the data controls</a></p></section>`,
    `<section><h2>Next send groups</h2>${nextTable(today)}</section>`,
    `<section><h2>Find a person</h2><form class="search" method="get" action="/admin/search"><input type="search" name="q" aria-label="Id or address" placeholder="id or address"><button type="submit">Search</button></form></section>`,
    `<section><h2>Export</h2>${exports(today)}</section>`,
  ].join('');
  return { title: 'Today', body, csrf, ...(running ? { refresh: REFRESH_SECONDS } : {}) };
}
