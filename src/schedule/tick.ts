import type { Logger } from '../logger.ts';
import type { MetricsStore } from '../store/metrics-store.ts';
import type { FanOutClaims, ScheduleStore } from '../store/schedule-store.ts';
import { dueSends, type DueSend } from './due-groups.ts';
import { fanOutGroup, type FanOutCounts, type FanOutDeps } from './fan-out.ts';
import { parseSendGroup, sendGroupName, type SendGroup } from './send-group.ts';

/** Downtime longer than this is not looked at: nothing older gets an outcome. */
export const MAX_LOOKBACK_MS = 7 * 24 * 3600 * 1000;

export interface TickDeps extends FanOutDeps {
  readonly roster: FanOutDeps['roster'] & { groups(): Promise<string[]> };
  readonly schedule: Pick<ScheduleStore, 'lastTick' | 'advanceLastTick'>;
  readonly catchUpMs: number;
  /** The fan-out lease; a fan-out whose scheduler died is taken over after it. */
  readonly leaseMs: number;
  readonly claims: FanOutClaims;
  readonly metrics: Pick<MetricsStore, 'countOutcome'>;
  readonly logger: Logger;
}

export interface TickResult {
  /** Every (group, date) this tick fanned out or recorded as missed. */
  readonly done: (DueSend & { readonly counts: FanOutCounts })[];
  /** Due but already done, or being done by another scheduler. */
  readonly alreadyTaken: number;
}

/**
 * One scheduler tick at `now`: find the send groups whose send time passed since the last
 * tick (or within CATCH_UP), claim each group and date, and fan it out. Cost without
 * anything due: SMEMBERS of the group index, one GET, one EXISTS per recently due group, no
 * roster access.
 */
export function createTicker(deps: TickDeps) {
  return async function tick(now: Date): Promise<TickResult> {
    const nowMs = now.getTime();
    const [names, last] = await Promise.all([deps.roster.groups(), deps.schedule.lastTick()]);
    const groups = names.map(parseSendGroup).filter((g): g is SendGroup => g !== null);
    // Look back to the last finished tick (downtime: catch up, or record as missed), and never
    // less than CATCH_UP plus a lease, so a fan-out whose scheduler died is taken over. A first
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
        const counts = await fanOutGroup(deps, item.group, item.date, { action: item.action, at: item.at, catchUpMs: deps.catchUpMs }, now, async () => {
          if (!(await deps.claims.extend(name, item.date))) log.warn('fan-out lease lost: another scheduler may take this group over');
        });
        await deps.claims.finish(name, item.date);
        await Promise.all([
          deps.metrics.countOutcome('skipped:not-workday', counts.notWorkday),
          deps.metrics.countOutcome('skipped:missed', counts.missed),
        ]);
        log.info({ ...counts, sendAt: item.at.toISOString() }, item.action === 'send' ? 'fanned out' : 'recorded as missed');
        done.push({ ...item, counts });
      } catch (err) {
        // The claim is left to expire: the next tick after the lease retries this group.
        log.error({ err: (err as Error).message }, 'fan-out failed; it is retried once the lease expires');
      }
    }
    await deps.schedule.advanceLastTick(nowMs);
    return { done, alreadyTaken };
  };
}

export type Tick = ReturnType<typeof createTicker>;
