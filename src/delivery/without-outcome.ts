import type { OutcomeStore } from '../store/outcome-store.ts';
import type { RosterStore } from '../store/roster-store.ts';
import type { ScheduleStore } from '../store/schedule-store.ts';
import { localDateOf, type LocalDate } from '../time/zones.ts';
import { whyNoOutcome, type NoOutcomeKind } from './no-outcome-reason.ts';

export interface WithoutOutcomeRow {
  readonly id: string;
  /** Their local date asked about (with 'today': their own today). */
  readonly date: LocalDate;
  readonly email: string;
  readonly none: NoOutcomeKind;
  readonly reason: string;
}

/** How many people of the roster one page looks at, at most: a page stays bounded on a roster of a million. */
export const WITHOUT_OUTCOME_SCAN = 5000;
/** A cursor of this list: `n.` and the roster's own cursor. */
export const WITHOUT_OUTCOME_CURSOR = /^n\.\d+\.\d+$/;

/**
 * People on the roster with no outcome for a date, each with why, a page at a time in
 * roster order. A page ends once it holds `limit` people (a roster read may return a few
 * more than asked for, and they are all kept) or once it has looked at WITHOUT_OUTCOME_SCAN
 * people; `nextCursor` goes on from there. `today`: each person's own local today.
 */
export async function withoutOutcome(
  deps: { roster: Pick<RosterStore, 'page'>; outcomes: Pick<OutcomeStore, 'getMany'>; schedule: Pick<ScheduleStore, 'firstTick'> },
  date: LocalDate | 'today',
  opts: { limit: number; cursor?: string; now?: Date },
): Promise<{ rows: WithoutOutcomeRow[]; nextCursor: string | null; checked: number }> {
  const now = opts.now ?? new Date();
  const firstTick = await deps.schedule.firstTick();
  const rows: WithoutOutcomeRow[] = [];
  let cursor: string | null = opts.cursor ? opts.cursor.slice(2) : '0';
  let checked = 0;
  while (cursor !== null && rows.length < opts.limit && checked < WITHOUT_OUTCOME_SCAN) {
    // No more than the page still needs: a roster batch read is never cut in two (its cursor could not resume inside it).
    const size = Math.min(500, opts.limit - rows.length, WITHOUT_OUTCOME_SCAN - checked);
    const page: Awaited<ReturnType<RosterStore['page']>> = await deps.roster.page(cursor, size);
    cursor = page.nextCursor;
    checked += page.recipients.length;
    const dateOf = (r: { timeZone: string }) => (date === 'today' ? localDateOf(now, r.timeZone) : date);
    const byDate = new Map<LocalDate, typeof page.recipients>();
    for (const r of page.recipients) byDate.set(dateOf(r), [...(byDate.get(dateOf(r)) ?? []), r]);
    const found = new Map(await Promise.all([...byDate].map(async ([d, rs]) => [d, await deps.outcomes.getMany(d, rs)] as const)));
    for (const r of page.recipients) {
      const d = dateOf(r);
      if (found.get(d)!.has(r.id)) continue;
      const why = whyNoOutcome(r, d, { now, firstTick });
      rows.push({ id: r.id, date: d, email: r.email, none: why.kind, reason: why.reason });
    }
  }
  return { rows, nextCursor: cursor === null ? null : `n.${cursor}`, checked };
}
