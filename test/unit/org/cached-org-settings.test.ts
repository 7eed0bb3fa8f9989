import { describe, expect, it } from 'vitest';
import { cachedOrgSettings } from '../../../src/org/cached-org-settings.ts';
import { ALL_ON, type OrgSettings } from '../../../src/org/org-settings.ts';

describe('the data controls as the worker reads them', () => {
  it('reads once for every job within the time it trusts them, and again after', async () => {
    let reads = 0;
    let clock = 0;
    const read = cachedOrgSettings(async (): Promise<OrgSettings> => ({ sectionsOff: reads++ === 0 ? [] : ['tasks'], remoteFeeds: true }), 5_000, () => clock);
    const first = await Promise.all([read(), read(), read()]);
    expect(reads).toBe(1);
    expect(first.every((s) => s.sectionsOff.length === 0)).toBe(true);
    clock = 4_999;
    expect((await read()).sectionsOff).toEqual([]);
    clock = 5_000;
    expect((await read()).sectionsOff).toEqual(['tasks']);
    expect(reads).toBe(2);
  });

  it('does not keep a failed read: the next job asks Redis again', async () => {
    let reads = 0;
    const read = cachedOrgSettings(async () => {
      reads += 1;
      if (reads === 1) throw new Error('Redis is down');
      return ALL_ON;
    }, 5_000, () => 0);
    await expect(read()).rejects.toThrow('Redis is down');
    expect(await read()).toEqual(ALL_ON);
    expect(reads).toBe(2);
  });
});
