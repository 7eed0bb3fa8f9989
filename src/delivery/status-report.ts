import type { OrgSwitch } from '../store/org-switch.ts';
import type { OutcomeStore } from '../store/outcome-store.ts';
import type { RosterStore } from '../store/roster-store.ts';
import type { ScheduleStore } from '../store/schedule-store.ts';
import { OUTCOME_STATUSES, publicStatus } from './outcome.ts';
import type { LocalDate } from '../time/zones.ts';
import { withoutOutcome, type WithoutOutcomeRow } from './without-outcome.ts';

import { DEFAULT_STATUS_LIMIT, NO_OUTCOME, WITHOUT_OUTCOME_NAMED, type StatusFilter } from './status-options.ts';

export { DEFAULT_STATUS_LIMIT, NO_OUTCOME, type StatusFilter } from './status-options.ts';

export interface StatusQuery {
  readonly status?: StatusFilter;
  readonly cursor?: string;
  readonly limit: number;
  /** false: do not name those without an outcome (`status --watch` redraws the counts only). */
  readonly names?: boolean;
}

/**
 * What happened to the briefings of a date: `briefing status --json` and the admin API both
 * print it. The counts come from counters kept as outcomes are recorded (instant for any
 * roster size); the per-recipient rows are one page, in storage order, with `nextCursor`.
 * Those on the roster without an outcome are counted (`notQueued`), the first of them named
 * with why (`withoutOutcome`); `status: 'none'` pages through them instead.
 */
export async function statusReport(
  deps: {
    outcomes: OutcomeStore;
    roster: Pick<RosterStore, 'count' | 'page'>;
    orgSwitch: Pick<OrgSwitch, 'isPaused'>;
    schedule: Pick<ScheduleStore, 'firstTick'>;
  },
  date: LocalDate,
  query: StatusQuery = { limit: DEFAULT_STATUS_LIMIT },
  now = new Date(),
) {
  const none = query.status === NO_OUTCOME;
  const [counts, rosterSize, paused] = await Promise.all([deps.outcomes.counts(date), deps.roster.count(), deps.orgSwitch.isPaused()]);
  const total = OUTCOME_STATUSES.reduce((n, s) => n + counts.byStatus[s], 0);
  const notQueued = Math.max(0, rosterSize - total);
  const head = { date, paused, rosterSize, notQueued, counts: counts.byStatus };
  const named = (limit: number, cursor?: string) => withoutOutcome(deps, date, { limit, now, ...(cursor ? { cursor } : {}) });
  if (none) {
    const page = await named(query.limit, query.cursor);
    return { ...head, recipients: page.rows.map(noneRow), nextCursor: page.nextCursor };
  }
  const [page, missing] = await Promise.all([
    deps.outcomes.list(date, { limit: query.limit, ...(query.status ? { status: query.status } : {}), ...(query.cursor ? { cursor: query.cursor } : {}) }),
    notQueued > 0 && query.names !== false && !query.status && !query.cursor ? named(WITHOUT_OUTCOME_NAMED) : null,
  ]);
  const recipients = page.rows.map((o) => ({
    id: o.id,
    status: publicStatus(o.status),
    at: o.at,
    ...(o.reason ? { reason: o.reason } : {}),
    ...(o.forced ? { forced: true } : {}),
  }));
  return {
    ...head,
    recipients,
    nextCursor: page.nextCursor,
    // The first of those without an outcome, with why; `--outcome none` pages through them all.
    ...(missing ? { withoutOutcome: missing.rows.slice(0, WITHOUT_OUTCOME_NAMED).map(noneRow) } : {}),
  };
}

function noneRow(r: WithoutOutcomeRow) {
  return { id: r.id, status: NO_OUTCOME, email: r.email, none: r.none, reason: r.reason };
}
