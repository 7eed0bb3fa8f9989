import type { RedisClient } from '../redis.ts';
import type { RedisKeys } from '../keys.ts';
import type { Outcome } from '../delivery/outcome.ts';
import type { LocalDate } from '../time/zones.ts';

// Same retention as the outcome store's own writes.
const OUTCOME_TTL_SECONDS = 400 * 24 * 3600;

// HSETNX: an outcome already there (a manual `send` that went out, say) is never overwritten.
const RECORD_IF_ABSENT = `
local n = 0
for i = 2, #ARGV do n = n + redis.call('HSETNX', KEYS[1], ARGV[i], ARGV[1]) end
redis.call('EXPIRE', KEYS[1], ${OUTCOME_TTL_SECONDS})
return n
`;

/**
 * Records a scheduler verdict (`skipped:not-workday`, `skipped:missed`) for recipients who
 * have no outcome for that date yet. Returns how many were recorded.
 */
export async function recordSkips(
  redis: RedisClient,
  keys: RedisKeys,
  date: LocalDate,
  ids: readonly string[],
  status: 'skipped:not-workday' | 'skipped:missed',
  now: Date,
): Promise<number> {
  if (ids.length === 0) return 0;
  const json = JSON.stringify({ status, at: now.toISOString() } satisfies Outcome);
  return (await redis.eval(RECORD_IF_ABSENT, 1, keys.outcomes(date), json, ...ids)) as number;
}
