import calculateSlot from 'cluster-key-slot';
import { describe, expect, it } from 'vitest';
import { SHARD_TAGS, SHARDS, shardOf } from '../../../src/store/shards.ts';
import { storeKeys } from '../../../src/store/keys.ts';

describe('shards', () => {
  it('put shard i in slots [i·128, (i+1)·128), so any contiguous split of the slots shares the shards out evenly', () => {
    expect(SHARD_TAGS).toHaveLength(SHARDS);
    SHARD_TAGS.forEach((tag, i) => expect(Math.floor(calculateSlot(tag) / (16384 / SHARDS)), tag).toBe(i));
    // A 3-master cluster as `redis-cli --cluster create` splits it: 0-5460, 5461-10922, 10923-16383.
    const masters = [0, 0, 0];
    for (const tag of SHARD_TAGS) masters[calculateSlot(tag) <= 5460 ? 0 : calculateSlot(tag) <= 10922 ? 1 : 2]! += 1;
    expect(Math.max(...masters) - Math.min(...masters)).toBeLessThanOrEqual(1);
  });

  it('give every key of a shard that shard’s slot, whatever the id or date in it', () => {
    const keys = storeKeys('briefing');
    const n = shardOf('u-1001');
    const shard = keys.shard(n);
    const slots = new Set([shard.recipient('u-1001'), shard.optouts, shard.outcomes('2026-12-01', 3), shard.counts('2026-12-01'), shard.paused, shard.group('Europe/Amsterdam|07:30')].map((k) => calculateSlot(k)));
    expect([...slots]).toEqual([calculateSlot(SHARD_TAGS[n]!)]);
  });

  it('spread ids evenly and never move one (the shard is part of the key)', () => {
    const counts = new Array<number>(SHARDS).fill(0);
    for (let i = 0; i < 128_000; i += 1) counts[shardOf(`u-${i}`)]! += 1;
    expect(Math.min(...counts)).toBeGreaterThan(850);
    expect(Math.max(...counts)).toBeLessThan(1150);
    // Pinned: these must never change, or existing data would not be found.
    expect([shardOf('u-1001'), shardOf('ada@example.com'), shardOf('x')]).toEqual([121, 82, 7]);
  });
});
