import type { EnqueueResult } from '../queue/enqueue-briefings.ts';
import type { LegacyJob } from '../queue/legacy-queues.ts';
import { addEnqueueResult, emptyEnqueueResult } from '../queue/send-all.ts';
import { decodedValues } from './decoded-values.ts';
import type { MoveDeps } from './migration-deps.ts';

export interface Requeued extends EnqueueResult {
  /** Jobs for ids no longer on the roster: not queued again. */
  readonly notOnRoster: number;
}

export const workersAttachedMessage = (n: number) =>
  `${n} worker${n === 1 ? '' : 's'} of the earlier version ${n === 1 ? 'is' : 'are'} attached to its queues (send, schedule): ` +
  'stop the workers first (every `briefing worker` and `briefing start` of the earlier version), then run `briefing migrate` again';

/**
 * Every briefing waiting, delayed or left active in the earlier send queue goes through the
 * normal enqueue (so at most one per recipient and date still holds, and one already sent is
 * left alone); then the earlier queues are removed. Run again after a crash, it queues the
 * same briefings, which the enqueue leaves alone, and finishes the removal.
 */
export async function requeueBriefings(deps: MoveDeps, step: string, total: number): Promise<Requeued> {
  const result = emptyEnqueueResult();
  let jobs = 0;
  for await (const batch of deps.queues.jobs()) {
    // One enqueue per date, trigger and queue time: each keeps when it was due (dueAt).
    const groups = new Map<string, { job: LegacyJob; ids: string[] }>();
    for (const job of decodedValues(batch)) {
      const key = `${job.date}|${job.trigger}|${job.queuedAt}`;
      const group = groups.get(key) ?? { job, ids: [] };
      group.ids.push(job.recipientId);
      groups.set(key, group);
    }
    for (const { job, ids } of groups.values()) {
      addEnqueueResult(result, await deps.enqueue(job.date, ids, job.trigger, { dueAt: job.queuedAt }));
    }
    deps.onProgress({ phase: 'move', step, done: (jobs += batch.length), total });
  }
  await deps.queues.remove();
  const placed = result.queued + result.alreadyQueued + result.alreadySent + result.unknown;
  return { ...result, notOnRoster: jobs - placed };
}
