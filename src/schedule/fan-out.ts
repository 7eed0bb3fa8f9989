import { weekdayOf, type LocalDate } from '../time/zones.ts';
import type { RosterStore } from '../store/roster-store.ts';
import type { OutcomeStore } from '../store/outcome-store.ts';
import type { EnqueueResult, EnqueueTarget } from '../queue/enqueue-briefings.ts';
import type { Trigger } from '../queue/send-job.ts';
import { sendGroupName, type SendGroup } from './send-group.ts';

export interface FanOutCounts {
  queued: number;
  notWorkday: number;
  missed: number;
  /** Shards skipped because an earlier run of the same work finished them. */
  shardsDone: number;
}

export interface FanOutDeps {
  readonly roster: Pick<RosterStore, 'groupTargets'>;
  readonly outcomes: Pick<OutcomeStore, 'recordIfAbsent' | 'countFannedOut' | 'fannedOut'>;
  enqueue(date: LocalDate, targets: readonly EnqueueTarget[], trigger: Trigger, opts?: { dueAt?: number }): Promise<EnqueueResult>;
}

/** One piece of a day's fan-out: a send group, a local date, what to do, and a range of shards. */
export interface FanOutTask {
  readonly group: SendGroup;
  readonly date: LocalDate;
  /** `send`: queue a briefing each. `missed`: record `skipped:missed` (downtime beyond CATCH_UP). */
  readonly action: 'send' | 'missed';
  /** The send instant. */
  readonly at: Date;
  /** Shards [from, to). */
  readonly from: number;
  readonly to: number;
}

/**
 * Fans out one send group for one local date over a range of shards: queue a briefing for
 * everyone whose workday it is (`send`), or record `skipped:missed` for them (`missed`).
 * People whose workday it is not are only counted (`skipped:not-workday` needs no record per
 * person: it follows from their workdays). A shard is marked done once its members are
 * queued, in the same step that counts its non-workday people, so a run of the same task
 * again (its worker was killed) skips the shards done and counts nobody twice; within a
 * shard it re-queues nobody (the pending mark and the job ids see to that). Reads members a
 * batch at a time, never a whole group.
 */
export async function fanOutShards(deps: FanOutDeps, task: FanOutTask, catchUpMs: number, now: Date): Promise<FanOutCounts> {
  const counts: FanOutCounts = { queued: 0, notWorkday: 0, missed: 0, shardsDone: 0 };
  const name = sendGroupName(task.group);
  const weekday = weekdayOf(task.date);
  const missedReason = `the service was not running at the send time (${task.at.toISOString()}) and had not caught up within CATCH_UP (${Math.round(catchUpMs / 60_000)} min)`;
  for (let shard = task.from; shard < task.to; shard += 1) {
    if (await deps.outcomes.fannedOut(shard, name, task.date)) {
      counts.shardsDone += 1;
      continue;
    }
    let resting = 0;
    for await (const batch of deps.roster.groupTargets(name, shard, weekday)) {
      resting += batch.resting;
      if (batch.due.length === 0) continue;
      const targets = batch.due.map((d) => ({ id: d.id, seq: d.seq, timeZone: task.group.timeZone }));
      if (task.action === 'send') counts.queued += (await deps.enqueue(task.date, targets, 'schedule', { dueAt: task.at.getTime() })).queued;
      else counts.missed += await deps.outcomes.recordIfAbsent(task.date, targets, 'skipped:missed', missedReason, now);
    }
    if (await deps.outcomes.countFannedOut(shard, name, task.group.timeZone, task.date, resting)) counts.notWorkday += resting;
  }
  return counts;
}
