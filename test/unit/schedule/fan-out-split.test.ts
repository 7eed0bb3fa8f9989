import { describe, expect, it } from 'vitest';
import { FAN_OUT_JOB_MEMBERS, splitShards } from '../../../src/schedule/fan-out-jobs.ts';
import { SHARDS } from '../../../src/store/shards.ts';

const covers = (ranges: [number, number][]) => ranges.every(([from, to], i) => from < to && (i === 0 ? from === 0 : from === ranges[i - 1]![1])) && ranges.at(-1)![1] === SHARDS;

describe('splitting a group’s fan-out into jobs', () => {
  it('gives a small group one job over every shard', () => {
    expect(splitShards(new Array(SHARDS).fill(3))).toEqual([[0, SHARDS]]);
  });

  it('splits a million people into jobs of whole shards of about FAN_OUT_JOB_MEMBERS each, covering every shard once', () => {
    const sizes = new Array(SHARDS).fill(1_000_000 / SHARDS);
    const ranges = splitShards(sizes);
    expect(covers(ranges)).toBe(true);
    expect(ranges.length).toBeGreaterThanOrEqual(Math.floor(1_000_000 / (FAN_OUT_JOB_MEMBERS + 1_000_000 / SHARDS)));
    for (const [from, to] of ranges.slice(0, -1)) {
      const members = sizes.slice(from, to).reduce((a, b) => a + b, 0);
      expect(members).toBeGreaterThanOrEqual(FAN_OUT_JOB_MEMBERS);
      expect(members).toBeLessThan(FAN_OUT_JOB_MEMBERS + 1_000_000 / SHARDS);
    }
  });

  it('keeps a lopsided group whole and in order', () => {
    const sizes = new Array(SHARDS).fill(0);
    sizes[5] = 40_000;
    sizes[100] = 20_000;
    const ranges = splitShards(sizes);
    expect(covers(ranges)).toBe(true);
    expect(ranges).toEqual([[0, 6], [6, 101], [101, SHARDS]]);
  });
});
