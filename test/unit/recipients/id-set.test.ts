import { describe, expect, it } from 'vitest';
import { createIdSet } from '../../../src/recipients/id-set.ts';

describe('the compact id set of an import', () => {
  it('remembers the first line of each of 300,000 ids through its growth, and only exact matches', () => {
    const ids = createIdSet();
    for (let i = 0; i < 300_000; i += 1) expect(ids.firstLineOf(`u-${i}`, i + 2)).toBeUndefined();
    expect(ids.size).toBe(300_000);
    expect(ids.firstLineOf('u-0', 999_999)).toBe(2);
    expect(ids.firstLineOf('u-299999', 999_999)).toBe(300_001);
    expect(ids.firstLineOf('u-2999990', 5)).toBeUndefined();
    expect(ids.firstLineOf('U-1', 6)).toBeUndefined();
    expect(ids.size).toBe(300_002);
  });

  it('answers whether an id is in it without adding it', () => {
    const ids = createIdSet();
    for (let i = 0; i < 100_000; i += 1) ids.firstLineOf(`u-${i}`, i + 2);
    expect(ids.has('u-0')).toBe(true);
    expect(ids.has('u-99999')).toBe(true);
    expect(ids.has('u-100000')).toBe(false);
    expect(ids.has('U-1')).toBe(false);
    expect(ids.has('x'.repeat(300))).toBe(false);
    expect(ids.size).toBe(100_000);
  });
});
