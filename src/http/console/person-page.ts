import type { Services } from '../../app/services.ts';
import { recipientHistory, type HistoryDay } from '../../delivery/recipient-history.ts';
import type { OptOut } from '../../store/optout-store.ts';
import type { StoredRecipient } from '../../store/recipient-fields.ts';
import type { LocalDate } from '../../time/zones.ts';
import { escapeHtml } from '../unsubscribe/escape-html.ts';
import { csrfField, type ConsolePage } from './console-frame.ts';

export const HISTORY_DAYS = 30;

export interface Person {
  readonly recipient: StoredRecipient;
  readonly optOut: OptOut | null;
  readonly today: LocalDate;
  /** Newest first: the outcome of each date, or why there is none (as `status --recipient`). */
  readonly days: readonly HistoryDay[];
}

/** An id, or else an address (case-insensitive). */
export async function findPerson(deps: Pick<Services, 'roster' | 'optouts' | 'outcomes' | 'schedule'>, query: string, now: Date): Promise<Person | null> {
  const q = query.trim();
  const byId = await deps.roster.get(q);
  const id = byId ? q : q.includes('@') ? await deps.roster.idByEmail(q) : null;
  const recipient = byId ?? (id ? await deps.roster.get(id) : null);
  if (!recipient) return null;
  const [history, optOut] = await Promise.all([recipientHistory(deps, recipient, HISTORY_DAYS, now), deps.optouts.get(recipient.id)]);
  return { recipient, optOut, today: history.today, days: history.days };
}

export const searchForm = (q: string) =>
  `<section><form class="search" method="get" action="/admin/search"><input type="search" name="q" aria-label="Id or address" placeholder="id or address" value="${escapeHtml(q)}"><button type="submit">Search</button></form></section>`;

function details(p: Person): string {
  const r = p.recipient;
  const rows: [string, string][] = [
    ['Id', r.id],
    ['Address', r.email],
    ['Name', r.name || '—'],
    ['Zone', `${r.timeZone} (today is ${p.today})`],
    ['Sends at', `${r.sendAt} on ${r.workdays.join(', ')}`],
    ['Enabled', r.enabled ? 'yes' : 'no (turned off by an admin)'],
    ['Opted out', p.optOut ? `since ${p.optOut.at} (${p.optOut.source})` : 'no'],
  ];
  return `<dl>${rows.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>`;
}

function history(p: Person): string {
  const rows = p.days.map(({ date, outcome, forced, reason = '', at: when }) => {
    const status = outcome ? outcome + (forced ? ' (forced)' : '') : '—';
    // The time of day (UTC) is enough beside the date; the whole instant is its title.
    const at = when ? `<span title="${escapeHtml(when)}">${escapeHtml(when.slice(11, 19))}</span>` : '';
    return `<tr><td class="when">${escapeHtml(date)}</td><td>${escapeHtml(status)}<br><span class="reason muted">${escapeHtml(reason)}</span></td><td class="when">${at}</td></tr>`;
  });
  return `<div class="scroll"><table><thead><tr><th>Date</th><th>Outcome · reason</th><th>At (UTC)</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}

function resendForm(p: Person, csrf: string): string {
  return `<form method="post" action="/admin/resend">${csrfField(csrf)}<input type="hidden" name="id" value="${escapeHtml(p.recipient.id)}"><label for="resend-date">Date of the briefing</label><input type="date" id="resend-date" name="date" value="${escapeHtml(p.today)}" required><button type="submit">Re-send (forced)</button></form><p class="muted">As <code>briefing send --recipient ${escapeHtml(p.recipient.id)} --force</code>: sent again even when it was delivered; opt-outs and the pause still apply.</p>`;
}

export function personPage(q: string, person: Person | null, csrf: string, notice?: string): ConsolePage {
  if (!q.trim()) return { title: 'Search', body: searchForm(q), csrf };
  if (!person) return { title: 'Search', body: `${searchForm(q)}<p class="error">Nobody on the roster has the id or address “${escapeHtml(q.trim())}”.</p>`, csrf };
  const body = [
    searchForm(q),
    notice ? `<p class="note">${escapeHtml(notice)}</p>` : '',
    `<section><h2>${escapeHtml(person.recipient.name || person.recipient.id)}</h2>${details(person)}</section>`,
    `<section><h2>Last ${HISTORY_DAYS} days</h2>${history(person)}</section>`,
    `<section><h2>Re-send</h2>${resendForm(person, csrf)}</section>`,
  ].join('');
  return { title: 'Search', body, csrf };
}
