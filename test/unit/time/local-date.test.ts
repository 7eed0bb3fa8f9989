import { describe, expect, it } from 'vitest';
import { isLocalDate } from '../../../src/time/local-date.ts';

describe('local dates as YYYY-MM-DD', () => {
  it('accepts real calendar days, leap days included', () => {
    for (const d of ['2026-11-24', '2028-02-29', '2000-02-29', '2026-12-31', '0001-01-01']) expect(isLocalDate(d), d).toBe(true);
  });

  it('refuses days that do not exist and other shapes', () => {
    for (const d of ['2026-02-29', '1900-02-29', '2026-02-30', '2026-13-01', '2026-00-10', '2026-04-31', '2026-1-01', '26-11-24', '2026-11-24T00:00', ' 2026-11-24', '']) {
      expect(isLocalDate(d), d).toBe(false);
    }
  });
});
