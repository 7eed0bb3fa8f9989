import type { OrgSwitch } from '../store/org-switch.ts';
import type { OutcomeStore } from '../store/outcome-store.ts';
import type { RosterStore } from '../store/roster-store.ts';
import { OUTCOME_STATUSES, publicStatus, type OutcomeStatus } from './outcome.ts';
import type { LocalDate } from '../time/zones.ts';

export interface StatusQuery {
  readonly status?: OutcomeStatus;
  readonly cursor?: string;
  readonly limit: number;
}

export const DEFAULT_STATUS_LIMIT = 1000;

/**
 * What happened to the briefings of a date: `briefing status --json` and the admin API both
 * print it. The counts come from counters kept as outcomes are recorded (instant for any
 * roster size); the per-recipient rows are one page, in storage order, with `nextCursor`.
 */
export async function statusReport(
  deps: { outcomes: OutcomeStore; roster: Pick<RosterStore, 'count'>; orgSwitch: Pick<OrgSwitch, 'isPaused'> },
  date: LocalDate,
  query: StatusQuery = { limit: DEFAULT_STATUS_LIMIT },
) {
  const [counts, rosterSize, paused, page] = await Promise.all([
    deps.outcomes.counts(date),
    deps.roster.count(),
    deps.orgSwitch.isPaused(),
    deps.outcomes.list(date, query),
  ]);
  const total = OUTCOME_STATUSES.reduce((n, s) => n + counts.byStatus[s], 0);
  const recipients = page.rows.map((o) => ({
    id: o.id,
    status: publicStatus(o.status),
    at: o.at,
    ...(o.reason ? { reason: o.reason } : {}),
    ...(o.forced ? { forced: true } : {}),
  }));
  return {
    date,
    paused,
    rosterSize,
    notQueued: Math.max(0, rosterSize - total),
    counts: counts.byStatus,
    recipients,
    nextCursor: page.nextCursor,
  };
}
