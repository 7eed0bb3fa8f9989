import type { StoredStatus } from '../delivery/outcome.ts';
import type { DayCount, MovedOutcome } from '../store/legacy/layout-import.ts';
import { decodedValues } from './decoded-values.ts';
import type { MigrationDeps } from './migration-deps.ts';
import { movedOutcome } from './moved-outcome.ts';
import type { DatePlan } from './survey.ts';

export interface MovedDate {
  /** Outcomes moved (per person), or counted (a counts-only date). */
  readonly moved: number;
  readonly countsOnly: boolean;
  /** Of ids not on the roster: left out. */
  readonly notOnRoster: number;
}

/**
 * One date's outcomes. Within OUTCOME_RETENTION each person's outcome is recorded, kept until
 * retention after the date; an older date keeps only its counts (`day:DATE`), for as long as
 * the earlier layout would still have kept it.
 */
export async function moveOutcomes(deps: MigrationDeps, d: DatePlan, step: string): Promise<MovedDate> {
  const { legacy, into } = deps.store.migration;
  const keepSeconds = d.keepSeconds;
  if (keepSeconds === null) return countOutcomes(deps, d, step);
  let moved = 0;
  let notOnRoster = 0;
  let done = 0;
  for await (const batch of legacy.outcomes(d.date)) {
    const outcomes = decodedValues(batch);
    const places = await into.places(outcomes.map((o) => o.id));
    const rows: MovedOutcome[] = [];
    for (const o of outcomes) {
      const target = places.get(o.id);
      if (target) rows.push({ target, outcome: movedOutcome(o, d.date) });
    }
    await into.outcomes(d.date, rows, keepSeconds);
    moved += rows.length;
    notOnRoster += outcomes.length - rows.length;
    deps.onProgress({ phase: 'move', step, done: (done += batch.length), total: d.outcomes });
  }
  return { moved, notOnRoster, countsOnly: false };
}

async function countOutcomes(deps: MigrationDeps, d: DatePlan, step: string): Promise<MovedDate> {
  const { legacy, into } = deps.store.migration;
  // HSCAN may return an entry twice while Redis resizes the hash. The hash does not change
  // during a migration, so a pass that saw no more entries than it holds saw each once.
  for (let pass = 1; ; pass += 1) {
    const tally = new Map<string, { status: StoredStatus; timeZone: string; n: number }>();
    let seen = 0;
    let notOnRoster = 0;
    for await (const batch of legacy.outcomes(d.date)) {
      const outcomes = decodedValues(batch);
      const places = await into.places(outcomes.map((o) => o.id));
      for (const o of outcomes) {
        const target = places.get(o.id);
        if (!target) {
          notOnRoster += 1;
          continue;
        }
        const { status } = movedOutcome(o, d.date);
        const key = `${status}\n${target.timeZone}`;
        const entry = tally.get(key) ?? { status, timeZone: target.timeZone, n: 0 };
        entry.n += 1;
        tally.set(key, entry);
      }
      deps.onProgress({ phase: 'move', step, done: (seen += batch.length), total: d.outcomes });
    }
    if (seen <= d.outcomes || pass === 3) {
      if (seen > d.outcomes) throw new Error(`outcomes of ${d.date}: read ${seen} entries of a hash of ${d.outcomes} three times; run \`briefing migrate\` again`);
      const counts: DayCount[] = [...tally.values()];
      await into.daySummary(d.date, counts, d.ttlMs);
      return { moved: seen - notOnRoster, notOnRoster, countsOnly: true };
    }
  }
}
