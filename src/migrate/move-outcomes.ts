import type { StoredStatus } from '../delivery/outcome.ts';
import type { DayCount, MovedOutcome } from '../store/legacy/layout-import.ts';
import type { LocalDate } from '../time/zones.ts';
import { decodedValue } from './decoded-values.ts';
import type { MigrationDeps } from './migration-deps.ts';
import { movedOutcome } from './moved-outcome.ts';
import type { DatePlan } from './survey.ts';

export interface MovedOutcomes {
  /** Recorded per person (dates within OUTCOME_RETENTION). */
  moved: number;
  /** Only counted (older dates). */
  counted: number;
}

/**
 * Every date's outcomes of the people of one shard, read a batch of people at a time for all
 * dates at once: one roster lookup per person, however many dates. Within OUTCOME_RETENTION
 * each outcome is recorded, kept until retention after its date; an older date is counted,
 * and the shard's counts are written whole at the end (summariseOlderDates adds the shards
 * up). Each person's lastSent moves to the latest date sent to them. Done twice, it writes
 * the same.
 */
export async function moveShardOutcomes(deps: MigrationDeps, dates: readonly DatePlan[], shard: number, onBatch: (people: number) => void): Promise<MovedOutcomes> {
  const { legacy, into } = deps.store.migration;
  const result = { moved: 0, counted: 0 };
  const older = new Map(dates.filter((d) => d.keepSeconds === null).map((d) => [d.date, new Map<string, DayCount>()]));
  for await (const targets of into.shardTargets(shard)) {
    const latestSent = new Map<string, LocalDate>();
    for (const d of dates) {
      const found = await legacy.outcomesOf(d.date, targets.map((t) => t.id));
      const rows: MovedOutcome[] = [];
      const counts = older.get(d.date);
      found.forEach((entry, i) => {
        if (!entry) return;
        const target = targets[i]!;
        const outcome = movedOutcome(decodedValue(entry), d.date);
        const sentBefore = latestSent.get(target.id);
        if (outcome.status === 'sent' && (sentBefore === undefined || sentBefore < d.date)) latestSent.set(target.id, d.date);
        if (!counts) return void rows.push({ target, outcome });
        const key = `${outcome.status}|${target.timeZone}`;
        counts.set(key, { status: outcome.status as StoredStatus, timeZone: target.timeZone, n: (counts.get(key)?.n ?? 0) + 1 });
        result.counted += 1;
      });
      if (rows.length > 0) await into.outcomes(d.date, rows, d.keepSeconds!);
      result.moved += rows.length;
    }
    await into.raiseLastSent([...latestSent].map(([id, date]) => ({ id, date })));
    onBatch(targets.length);
  }
  for (const d of dates) {
    const counts = older.get(d.date);
    if (counts) await into.shardDayCounts(shard, d.date, [...counts.values()], d.ttlMs);
  }
  return result;
}

