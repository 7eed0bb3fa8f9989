import type { LocalDate } from '../time/zones.ts';
import type { RosterStore } from '../store/roster-store.ts';
import type { OutcomeStore } from '../store/outcome-store.ts';
import type { EnqueueResult, EnqueueTarget } from '../queue/enqueue-briefings.ts';
import type { Trigger } from '../queue/send-job.ts';
import { ALL_SHARDS } from '../store/shards.ts';
import { isScheduledDay } from './send-time.ts';
import { sendGroupName, type SendGroup } from './send-group.ts';

export interface FanOutCounts {
  queued: number;
  notWorkday: number;
  missed: number;
}

export interface FanOutDeps {
  readonly roster: Pick<RosterStore, 'groupMembers' | 'getMany'>;
  readonly outcomes: Pick<OutcomeStore, 'recordIfAbsent' | 'countFannedOut'>;
  enqueue(date: LocalDate, targets: readonly EnqueueTarget[], trigger: Trigger, opts?: { dueAt?: number }): Promise<EnqueueResult>;
}

/**
 * One send group, one local date: queue a briefing for everyone whose workday it is
 * (`send`), or record `skipped:missed` for them (`missed`, after downtime beyond CATCH_UP).
 * People whose workday it is not are only counted (`skipped:not-workday` needs no record per
 * person: it follows from their workdays), once per shard. Reads the group's members shard by
 * shard in batches, never the whole roster.
 */
export async function fanOutGroup(
  deps: FanOutDeps,
  group: SendGroup,
  date: LocalDate,
  due: { action: 'send' | 'missed'; at: Date; catchUpMs: number },
  now: Date,
  onBatch: () => Promise<void> = async () => undefined,
): Promise<FanOutCounts> {
  const counts: FanOutCounts = { queued: 0, notWorkday: 0, missed: 0 };
  const name = sendGroupName(group);
  const missedReason = `the service was not running at the send time (${due.at.toISOString()}) and had not caught up within CATCH_UP (${Math.round(due.catchUpMs / 60_000)} min)`;
  for (const shard of ALL_SHARDS) {
    let resting = 0;
    for await (const ids of deps.roster.groupMembers(name, shard)) {
      const records = await deps.roster.getMany(ids);
      const working: EnqueueTarget[] = [];
      for (const r of records.values()) {
        // The index may lag a change that moved someone to another group: their new group sends for them.
        if (r.timeZone !== group.timeZone || r.sendAt !== group.sendAt) continue;
        if (isScheduledDay(r.workdays, date)) working.push(r);
        else resting += 1;
      }
      if (working.length > 0) {
        if (due.action === 'send') counts.queued += (await deps.enqueue(date, working, 'schedule', { dueAt: due.at.getTime() })).queued;
        else counts.missed += await deps.outcomes.recordIfAbsent(date, working, 'skipped:missed', missedReason, now);
      }
      await onBatch();
    }
    // Counted once per shard, however often a fan-out is redone after a crash.
    if (resting > 0 && (await deps.outcomes.countFannedOut(shard, name, group.timeZone, date, resting))) counts.notWorkday += resting;
  }
  return counts;
}
