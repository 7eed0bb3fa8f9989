import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';

/**
 * A large installation of the earlier layout, written in pipelines (the test fixture,
 * test/helpers/legacy-installation.ts, runs that version's own scripts one entry at a time:
 * right for formats, too slow for a million people). Formats of commit 09a10b8: roster
 * JSON.stringify(recipient) and send-group sets (src/recipients/roster-store.ts), opt-outs
 * `{at, source}` and the audit stream (src/unsubscribe/optout-store.ts), outcomes
 * `{status, at}` (src/delivery/outcome-store.ts), metrics hashes (src/metrics/metrics-store.ts),
 * send jobs (src/queue/enqueue-briefings.ts).
 */
export interface LegacyBulk {
  readonly recipients: number;
  readonly optOuts: number;
  readonly outcomes: number;
  readonly jobs: number;
}

const ZONES = ['Europe/Amsterdam', 'America/New_York', 'Asia/Tokyo', 'Europe/London'];
const PIPELINE = 2000;
const day = (now: Date, ago: number) => new Date(now.getTime() - ago * 86_400_000).toISOString().slice(0, 10);

export async function writeLegacyBulk(redis: Redis, prefix: string, opts: { recipients: number; dates: number; jobs: number; now: Date }): Promise<LegacyBulk> {
  const { recipients: n, now } = opts;
  const id = (i: number) => `p-${String(i).padStart(7, '0')}`;
  // Dates: the most recent ones within OUTCOME_RETENTION (default 30d), the last one 45 days back.
  const dates = Array.from({ length: opts.dates }, (_, d) => (d === opts.dates - 1 && opts.dates > 1 ? day(now, 45) : day(now, d)));
  let optOuts = 0;
  for (let start = 0; start < n; start += PIPELINE) {
    const p = redis.pipeline();
    for (let i = start; i < Math.min(n, start + PIPELINE); i += 1) {
      const timeZone = ZONES[i % ZONES.length]!;
      const r = {
        id: id(i), email: `person${i}@bench.example`, name: `Person ${i} Example`, locale: i % 3 ? 'en' : 'nl', timeZone,
        sendAt: '07:30', workdays: ['mon', 'tue', 'wed', 'thu', 'fri'], workHours: { start: '09:00', end: '17:00' },
        content: `/srv/briefing/content/${id(i)}.json`, enabled: true,
      };
      p.hset(`${prefix}:recipients`, r.id, JSON.stringify(r));
      p.sadd(`${prefix}:send-group:${timeZone}|07:30`, r.id).sadd(`${prefix}:send-groups`, `${timeZone}|07:30`);
      if (i % 50 === 7) {
        const at = new Date(now.getTime() - (i % 90) * 86_400_000).toISOString();
        p.hset(`${prefix}:optouts`, r.id, JSON.stringify({ at, source: i % 2 ? 'one-click' : 'link' }));
        p.xadd(`${prefix}:optouts:audit`, '*', 'at', at, 'id', r.id, 'action', 'opt-out', 'source', i % 2 ? 'one-click' : 'link');
        optOuts += 1;
      }
      for (const date of dates) {
        const status = i % 50 === 7 ? 'skipped:opted-out' : i % 97 === 0 ? 'failed' : 'sent';
        p.hset(`${prefix}:outcomes:${date}`, r.id, JSON.stringify({ status, at: `${date}T06:30:${String(i % 60).padStart(2, '0')}.000Z`, ...(status === 'failed' ? { reason: '550 5.1.1 mailbox unavailable' } : {}) }));
      }
    }
    await p.exec();
  }
  for (const date of dates) await redis.expire(`${prefix}:outcomes:${date}`, 400 * 86_400);
  await redis.hset(`${prefix}:metrics:outcomes`, { sent: String(n * dates.length), failed: '12' });
  const send = new Queue('send', { connection: redis, prefix });
  const today = dates[0]!;
  for (let start = 0; start < opts.jobs; start += 1000) {
    const jobs = [];
    const pending = redis.pipeline();
    for (let i = start; i < Math.min(opts.jobs, start + 1000); i += 1) {
      jobs.push({
        name: 'briefing', data: { recipientId: id(i), date: today, trigger: 'schedule' },
        opts: { jobId: `${today}.${id(i)}`, attempts: 8, backoff: { type: 'exponential', delay: 30_000 }, removeOnComplete: true, removeOnFail: { age: 7 * 24 * 3600 } },
      });
      pending.hset(`${prefix}:outcomes:${today}`, id(i), JSON.stringify({ status: 'pending', at: now.toISOString() }));
    }
    await pending.exec();
    await send.addBulk(jobs);
  }
  await send.close();
  return { recipients: n, optOuts, outcomes: n * dates.length, jobs: opts.jobs };
}
