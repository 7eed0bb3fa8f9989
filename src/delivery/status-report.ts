import type { Services } from '../app/services.ts';
import { OUTCOME_STATUSES, publicStatus, type OutcomeStatus } from './outcome.ts';
import type { LocalDate } from '../time/zones.ts';

/** What happened to each briefing of a date: `briefing status --json` and the admin API both print it. */
export async function statusReport(services: Pick<Services, 'outcomes' | 'roster' | 'orgSwitch'>, date: LocalDate) {
  const [outcomes, rosterSize, paused] = await Promise.all([services.outcomes.all(date), services.roster.count(), services.orgSwitch.isPaused()]);
  const counts = Object.fromEntries(OUTCOME_STATUSES.map((s) => [s, 0])) as Record<OutcomeStatus, number>;
  const recipients = [...outcomes.entries()]
    .map(([id, o]) => ({ id, status: publicStatus(o.status), at: o.at, ...(o.reason ? { reason: o.reason } : {}), ...(o.forced ? { forced: true } : {}) }))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
  for (const row of recipients) counts[row.status] += 1;
  const notQueued = Math.max(0, rosterSize - recipients.length);
  return { date, paused, rosterSize, notQueued, counts, recipients };
}
