import { ALL_SHARDS } from '../store/shards.ts';
import { LAYOUT_VERSION } from '../store/store.ts';
import { decodedValues } from './decoded-values.ts';
import type { MoveDeps } from './migration-deps.ts';
import { copyAudit, copyOptOuts } from './move-optouts.ts';
import { moveShardOutcomes, type MovedOutcomes } from './move-outcomes.ts';
import { requeueBriefings, workersAttachedMessage, type Requeued } from './requeue-briefings.ts';
import type { Plan } from './survey.ts';

/** What a run did; a step an interrupted run had finished already is `null`. */
export interface MigrationResult {
  readonly roster: { readonly created: number; readonly updated: number } | null;
  readonly optOuts: number | null;
  readonly audit: number | null;
  /** Outcomes moved by this run (shards an interrupted run had done are not counted again). */
  readonly outcomes: MovedOutcomes;
  readonly metrics: number | null;
  readonly paused: boolean | null;
  readonly requeued: Requeued | null;
  /** Opt-outs and audit entries the earlier version recorded while this ran, copied at the end. */
  readonly caughtUp: { readonly optOuts: number; readonly audit: number };
}

/**
 * Moves everything the plan lists into this layout, step by step, each step marked done once
 * finished (so a re-run after a crash skips it, and every step can also run twice without
 * doubling anything); deletes the earlier keys only at the end, then sets the layout version.
 */
export async function migrateLayout(deps: MoveDeps, plan: Plan): Promise<MigrationResult> {
  const { legacy, progress } = deps.store.migration;
  await progress.begin(deps.now());
  const step = async <T>(name: string, run: () => Promise<T>): Promise<T | null> => {
    if (plan.done.has(name)) {
      if (!name.includes(':')) deps.onProgress({ phase: 'move', step: `${name} (done before)`, done: 1, total: 1 });
      return null;
    }
    const result = await run();
    await progress.markDone(name);
    return result;
  };

  const roster = await step('roster', async () => {
    const total = { created: 0, updated: 0 };
    let done = 0;
    for await (const batch of legacy.roster()) {
      // No join time: they were on the earlier roster since a time it did not keep.
      const r = await deps.store.roster.upsertMany(decodedValues(batch), { joined: false });
      total.created += r.created;
      total.updated += r.updated;
      deps.onProgress({ phase: 'move', step: 'roster', done: (done += batch.length), total: plan.roster });
    }
    return total;
  });
  const optOutTotal = Object.values(plan.optOuts).reduce((a, b) => a + b, 0);
  const optOuts = await step('opt-outs', () => copyOptOuts(deps, 'opt-outs', optOutTotal));
  const audit = await step('audit', () => copyAudit(deps, 'audit log', plan.audit.entries));
  // Shard by shard, each marked done when finished: a re-run goes on from the next one.
  const outcomes = { moved: 0, counted: 0 };
  let people = 0;
  const tell = (n: number) => deps.onProgress({ phase: 'move', step: 'outcomes', done: (people += n), total: plan.roster });
  for (const shard of plan.dates.length > 0 ? ALL_SHARDS : []) {
    const r = await step(`outcomes:${shard}`, () => moveShardOutcomes(deps, plan.dates, shard, tell));
    outcomes.moved += r?.moved ?? 0;
    outcomes.counted += r?.counted ?? 0;
  }
  // Each older date marked done between summing its shards and dropping them: a re-run never sums dropped ones.
  for (const d of plan.dates.filter((p) => p.keepSeconds === null)) {
    await step(`day:${d.date}`, () => deps.store.migration.into.summariseDay(d.date, d.ttlMs));
    await deps.store.migration.into.dropShardDayCounts(d.date);
  }
  const metrics = await step('metrics', async () => {
    let merged = 0;
    for (const name of plan.metrics) if (await deps.store.migration.into.metrics(name, await legacy.metrics(name))) merged += 1;
    return merged;
  });
  // The switch's key is the same in both layouts; pausing again sets every shard's copy.
  const paused = await step('paused', async () => {
    if (!(await deps.store.orgSwitch.isPaused())) return false;
    await deps.store.orgSwitch.pause();
    return true;
  });
  const jobTotal = Object.values(plan.jobs).reduce((a, b) => a + b, 0);
  const requeued = await step('queue', async () => {
    // A worker of the earlier version started since the check may have sent briefings after
    // their outcomes moved: stop here, and have the re-run move the outcomes again.
    const workers = await deps.queues.workers();
    if (workers > 0) {
      await progress.unmark('outcomes:');
      throw new Error(`${workersAttachedMessage(workers)} (it moves the outcomes again: they may have changed meanwhile)`);
    }
    return requeueBriefings(deps, 'queued briefings', jobTotal);
  });
  const caughtUp = await retire(deps, plan);
  return { roster, optOuts, audit, outcomes, metrics, paused, requeued, caughtUp };
}

/**
 * The last step. First the earlier roster becomes a tombstone, so a process of the earlier
 * version still running can no longer record an opt-out; then the opt-outs and audit entries
 * it recorded while this ran are copied; then the earlier keys go, and the layout is marked.
 */
async function retire(deps: MoveDeps, plan: Plan): Promise<MigrationResult['caughtUp']> {
  const { legacy, progress } = deps.store.migration;
  deps.onProgress({ phase: 'remove', step: 'the earlier roster (tombstone)', done: 0, total: null });
  await legacy.retireRoster(deps.now());
  const caughtUp = {
    optOuts: await copyOptOuts(deps, 'opt-outs recorded meanwhile', null),
    audit: await copyAudit(deps, 'audit entries recorded meanwhile', null),
  };
  deps.onProgress({ phase: 'remove', step: 'the earlier keys', done: 0, total: null });
  await legacy.removeOptOuts();
  for (const d of plan.dates) await legacy.removeOutcomes(d.date);
  await legacy.removeSendGroups();
  await legacy.removeMetrics();
  await progress.finish(LAYOUT_VERSION);
  deps.onProgress({ phase: 'remove', step: 'the earlier keys', done: 1, total: 1 });
  return caughtUp;
}
