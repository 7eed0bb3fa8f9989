import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ImportError } from '../../src/recipients/import-error.ts';
import { parseRoster } from '../../src/recipients/import-roster.ts';

const FIELDS = ['id', 'email', 'name', 'locale', 'timeZone', 'sendAt', 'workdays', 'workHours', 'calendar', 'content', 'enabled'];
const opts = { baseDir: '/data', file: 'roster', defaultTimeZone: 'UTC' };

/** Near-miss times and ranges ("9:00", "09:00-25:00"…) beside random text: where a check once threw. */
const timeLike = fc.oneof(
  fc.stringMatching(/^\d{1,3}:\d{1,3}$/),
  fc.stringMatching(/^\d{1,2}:\d{2}-\d{1,2}:\d{2}$/),
  fc.string({ maxLength: 12 }),
);
const value = fc.oneof(fc.jsonValue({ maxDepth: 2 }), timeLike, fc.record({ start: timeLike, end: timeLike }, { requiredKeys: [] }));
const record = fc.dictionary(fc.constantFrom(...FIELDS, 'timezone', 'colour'), value, { maxKeys: 8 });

/** Either recipients or an ImportError whose every problem names a line: never another error. */
function outcome(text: string, format: 'json' | 'csv'): 'ok' | 'refused' {
  try {
    parseRoster(text, { ...opts, format });
    return 'ok';
  } catch (err) {
    if (!(err instanceof ImportError)) throw err;
    expect(err.problems.length).toBeGreaterThan(0);
    for (const p of err.problems) expect(p.line).toBeGreaterThanOrEqual(1);
    return 'refused';
  }
}

describe('roster records under random input', () => {
  it('a JSON record, whatever it holds, is imported or refused with its problems, never a crash', () => {
    fc.assert(fc.property(fc.array(record, { minLength: 1, maxLength: 4 }), (records) => void outcome(JSON.stringify(records, null, 1), 'json')), {
      numRuns: 1000,
    });
  });

  it('a CSV row, whatever its cells hold, is imported or refused with its problems, never a crash', () => {
    const cell = fc.oneof(timeLike, fc.constantFrom('', 'yes', 'no', 'mon tue', 'Europe/Amsterdam', 'ada@example.com'));
    const rows = fc.array(fc.array(cell, { minLength: FIELDS.length, maxLength: FIELDS.length }), { minLength: 1, maxLength: 4 });
    const quote = (c: string) => `"${c.replace(/"/g, '""')}"`;
    fc.assert(fc.property(rows, (rs) => void outcome([FIELDS.join(','), ...rs.map((r) => r.map(quote).join(','))].join('\n'), 'csv')), {
      numRuns: 1000,
    });
  });
});
