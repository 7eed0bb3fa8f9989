import type { Logger } from '../logger.ts';
import type { OutcomeStore } from '../store/outcome-store.ts';
import type { RosterStore } from '../store/roster-store.ts';
import type { FanOutClaims, ScheduleStore } from '../store/schedule-store.ts';
import { dueSends, type DueSend } from './due-groups.ts';
import type { FanOutTask } from './fan-out.ts';
import { parseSendGroup, sendGroupName, type SendGroup } from './send-group.ts';

/** Downtime longer than this is not looked at: nothing older gets an outcome. */
export const MAX_LOOKBACK_MS = 7 * 24 * 3600 * 1000;
/** How often the upkeep runs (the counts roll-up of dates whose detail expires), across every process. */
export const UPKEEP_EVERY_MS = 3600_000;

export interface TickDeps {
  readonly roster: Pick<RosterStore, 'groups' | 'groupSizes'>;
  readonly outcomes: Pick<OutcomeStore, 'rollUpDays'>;
  readonly schedule: Pick<ScheduleStore, 'lastTick' | 'advanceLastTick' | 'upkeepDue'>;
  readonly catchUpMs: number;
  /** The dispatch lease; a dispatch whose scheduler died is taken over after it. */
  readonly leaseMs: number;
  readonly claims: FanOutClaims;
  /** Queues the fan-out jobs of one group and date (their sizes per shard decide the split); returns how many. */
  dispatch(task: Omit<FanOutTask, 'from' | 'to'>, sizes: readonly number[]): Promise<number>;
  readonly logger: Logger;
}

export interface TickResult {
  /** Every (group, date) this tick queued the fan-out of, or its recording as missed, with its number of jobs. */
  readonly done: (DueSend & { readonly jobs: number })[];
  /** Due but already done, or being done by another scheduler. */
  readonly alreadyTaken: number;
  /** The dates whose counts the upkeep summed, when this tick did the hourly upkeep. */
  readonly rolledUp?: readonly string[];
}

/**
 * One scheduler tick at `now`: find the send groups whose send time passed since the last
 * tick (or within CATCH_UP), claim each group and date, and queue its fan-out as jobs that
 * any worker process takes (`fanOutShards`). Cost without anything due: SMEMBERS of the
 * group index, one GET, one EXISTS per recently due group, no roster access. Once an hour
 * (across processes) it also rolls up the counts of dates whose detail expires.
 */
export function createTicker(deps: TickDeps) {
  return async function tick(now: Date): Promise<TickResult> {
    const nowMs = now.getTime();
    const [names, last] = await Promise.all([deps.roster.groups(), deps.schedule.lastTick()]);
    const groups = names.map(parseSendGroup).filter((g): g is SendGroup => g !== null);
    // Look back to the last finished tick (downtime: catch up, or record as missed), and never
    // less than CATCH_UP plus a lease, so a dispatch whose scheduler died is taken over. A first
    // start has no last tick: it looks back that minimum only, not at days before it existed.
    const recent = nowMs - deps.catchUpMs - deps.leaseMs;
    const sinceMs = Math.max(nowMs - MAX_LOOKBACK_MS, Math.min(last ?? nowMs, recent));
    const due = dueSends(groups, { since: new Date(sinceMs), now }, deps.catchUpMs).sort((a, b) => a.at.getTime() - b.at.getTime());
    const taken = await deps.claims.taken(due.map((d) => ({ group: sendGroupName(d.group), date: d.date })));
    deps.logger.debug({ groups: groups.length, due: due.length, since: new Date(sinceMs).toISOString() }, 'tick');

    const done: TickResult['done'][number][] = [];
    let alreadyTaken = 0;
    for (const [i, item] of due.entries()) {
      const name = sendGroupName(item.group);
      if (taken[i] || !(await deps.claims.claim(name, item.date))) {
        alreadyTaken += 1;
        continue;
      }
      const log = deps.logger.child({ group: name, date: item.date, action: item.action });
      try {
        const jobs = await deps.dispatch({ group: item.group, date: item.date, action: item.action, at: item.at }, await deps.roster.groupSizes(name));
        await deps.claims.finish(name, item.date);
        log.info({ jobs, sendAt: item.at.toISOString() }, item.action === 'send' ? 'fan-out queued' : 'recording as missed queued');
        done.push({ ...item, jobs });
      } catch (err) {
        // The claim is left to expire: the next tick after the lease retries this group.
        log.error({ err: (err as Error).message }, 'fan-out not queued; it is retried once the lease expires');
      }
    }
    await deps.schedule.advanceLastTick(nowMs);
    if (!(await deps.schedule.upkeepDue(UPKEEP_EVERY_MS))) return { done, alreadyTaken };
    const rolledUp = await deps.outcomes.rollUpDays(now);
    if (rolledUp.length > 0) deps.logger.info({ dates: rolledUp.length }, 'counts rolled up for dates whose detail expires');
    return { done, alreadyTaken, rolledUp };
  };
}

export type Tick = ReturnType<typeof createTicker>;
