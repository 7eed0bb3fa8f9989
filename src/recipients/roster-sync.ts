import type { IdSet } from './id-set.ts';

/** What the roster must offer `--sync`: its ids a batch at a time, and removal. */
export interface SyncedRoster {
  ids(size?: number): AsyncIterable<string[]>;
  remove(ids: readonly string[]): Promise<string[]>;
}

/** Who `--sync` would take off the roster: everyone on it whose id is not in the file. */
export interface LeavingPlan {
  readonly count: number;
  readonly rosterSize: number;
  /** The first few of them, in storage order (for `--dry-run` and the confirmation). */
  readonly first: readonly string[];
}

/** Removals in flight at once: each is a couple of round trips, and a sync may remove many. */
const PARALLEL_REMOVALS = 20;

/** Counts, without changing anything, who is on the roster and not in the file (`fileIds`). */
export async function planLeaving(roster: SyncedRoster, fileIds: IdSet, sample: number): Promise<LeavingPlan> {
  let count = 0;
  let rosterSize = 0;
  const first: string[] = [];
  for await (const ids of roster.ids()) {
    rosterSize += ids.length;
    for (const id of ids) {
      if (fileIds.has(id)) continue;
      count += 1;
      if (first.length < sample) first.push(id);
    }
  }
  return { count, rosterSize, first };
}

/**
 * Takes off the roster everyone not in the file, a batch at a time (the roster is read as it
 * is walked, never held whole). Returns how many were removed. Their opt-outs are kept.
 */
export async function removeLeaving(roster: SyncedRoster, fileIds: IdSet, onRemoved: (removed: number) => void = () => undefined): Promise<number> {
  let removed = 0;
  for await (const ids of roster.ids()) {
    const leaving = ids.filter((id) => !fileIds.has(id));
    if (leaving.length === 0) continue;
    const share = Math.ceil(leaving.length / PARALLEL_REMOVALS);
    const parts: string[][] = [];
    for (let i = 0; i < leaving.length; i += share) parts.push(leaving.slice(i, i + share));
    for (const done of await Promise.all(parts.map((part) => roster.remove(part)))) removed += done.length;
    onRemoved(removed);
  }
  return removed;
}
