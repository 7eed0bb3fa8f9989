import type { Services } from '../app/services.ts';
import type { LocalDate } from '../time/zones.ts';
import { recordSkips } from './record-skips.ts';
import { isScheduledDay } from './send-time.ts';
import type { SendGroup } from './send-group.ts';

const BATCH = 1000;

export interface FanOutCounts {
  queued: number;
  notWorkday: number;
  missed: number;
}

export type FanOutDeps = Pick<Services, 'redis' | 'keys' | 'roster' | 'enqueue'>;

/**
 * One send group, one local date: queue a briefing for everyone whose workday it is
 * (`send`), or record `skipped:missed` for them (`missed`, after downtime beyond CATCH_UP).
 * Non-workdays are recorded `skipped:not-workday` here rather than by the worker: that is one
 * hash write instead of a queued job, a worker round-trip and a roster read per person —
 * on a weekend, that is the whole roster. Reads the group's members in batches (SSCAN), never
 * the whole roster.
 */
export async function fanOutGroup(
  deps: FanOutDeps,
  group: SendGroup,
  date: LocalDate,
  action: 'send' | 'missed',
  now: Date,
  onBatch: () => Promise<void> = async () => undefined,
): Promise<FanOutCounts> {
  const counts: FanOutCounts = { queued: 0, notWorkday: 0, missed: 0 };
  const setKey = deps.keys.sendGroup(group.timeZone, group.sendAt);
  // SSCAN may return a member twice while the set is rehashed.
  const seen = new Set<string>();
  let cursor = '0';
  do {
    const [next, members] = await deps.redis.sscan(setKey, cursor, 'COUNT', BATCH);
    cursor = next;
    const fresh = members.filter((id) => !seen.has(id));
    fresh.forEach((id) => seen.add(id));
    if (fresh.length === 0) continue;
    const records = await deps.roster.getMany(fresh);
    const working: string[] = [];
    const resting: string[] = [];
    for (const id of fresh) {
      const r = records.get(id);
      // The index may lag a re-import that moved someone to another group: their new group sends for them.
      if (!r || r.timeZone !== group.timeZone || r.sendAt !== group.sendAt) continue;
      (isScheduledDay(r.workdays, date) ? working : resting).push(id);
    }
    counts.notWorkday += await recordSkips(deps.redis, deps.keys, date, resting, 'skipped:not-workday', now);
    if (action === 'send') {
      if (working.length > 0) counts.queued += (await deps.enqueue(date, working, 'schedule')).queued;
    } else {
      counts.missed += await recordSkips(deps.redis, deps.keys, date, working, 'skipped:missed', now);
    }
    await onBatch();
  } while (cursor !== '0');
  return counts;
}
