import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { instancesBetween, oneEvent } from '../unit/content/recurrence-helpers.ts';

/**
 * Our recurrence expansion against Mozilla's ical.js (the reader of Thunderbird) as the
 * oracle, over generated rules: every FREQ, INTERVAL, COUNT or UNTIL, BYDAY with and without
 * ordinals, BYMONTHDAY (negative too), BYMONTH, BYYEARDAY, BYWEEKNO, BYHOUR/BYMINUTE, BYSETPOS
 * and WKST, with EXDATEs. Times are UTC so that both readers need no zone data; the window
 * is two weeks a year or more after DTSTART, so walks from DTSTART (COUNT) are exercised.
 */

const DAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
const stamp = (d: DateTime): string => d.toFormat("yyyyMMdd'T'HHmmss'Z'");

const ruleArb = fc.record({
  freq: fc.constantFrom('HOURLY', 'DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY', 'YEARLY', 'MONTHLY'),
  interval: fc.constantFrom(1, 1, 2, 3),
  startDay: fc.integer({ min: 0, max: 700 }),
  hour: fc.integer({ min: 0, max: 23 }),
  minute: fc.constantFrom(0, 30),
  end: fc.constantFrom('none', 'count', 'until'),
  count: fc.integer({ min: 1, max: 400 }),
  untilDays: fc.integer({ min: 1, max: 900 }),
  byDay: fc.option(fc.subarray(DAYS, { minLength: 1, maxLength: 3 }), { nil: undefined }),
  nth: fc.option(fc.constantFrom(1, 2, -1, -2), { nil: undefined }),
  byMonthDay: fc.option(fc.subarray([1, 2, 13, 15, 28, -1, -3], { minLength: 1, maxLength: 3 }), { nil: undefined }),
  byMonth: fc.option(fc.subarray([1, 2, 3, 6, 11, 12], { minLength: 1, maxLength: 3 }), { nil: undefined }),
  byYearDay: fc.option(fc.subarray([1, 14, 100, 200, -1], { minLength: 1, maxLength: 2 }), { nil: undefined }),
  byWeekNo: fc.option(fc.subarray([1, 2, 20, 52, -1], { minLength: 1, maxLength: 2 }), { nil: undefined }),
  byHour: fc.option(fc.subarray([7, 9, 13], { minLength: 1, maxLength: 2 }), { nil: undefined }),
  bySetPos: fc.option(fc.constantFrom(1, -1), { nil: undefined }),
  wkst: fc.constantFrom('MO', 'MO', 'SU', 'WE'),
  exdates: fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 3 }),
  windowOffset: fc.integer({ min: 0, max: 500 }),
});
type RuleCase = typeof ruleArb extends fc.Arbitrary<infer T> ? T : never;

function ruleText(c: RuleCase, start: DateTime): string {
  const parts = [`FREQ=${c.freq}`];
  // ical.js steps an HOURLY rule hour by hour through whatever its day parts exclude, which
  // can take it minutes: HOURLY rules are compared with INTERVAL and COUNT/UNTIL only.
  if (c.freq === 'HOURLY') c = { ...c, byDay: undefined, byMonthDay: undefined, byMonth: undefined };
  if (c.interval > 1) parts.push(`INTERVAL=${c.interval}`);
  if (c.end === 'count') parts.push(`COUNT=${c.count}`);
  if (c.end === 'until') parts.push(`UNTIL=${stamp(start.plus({ days: c.untilDays }))}`);
  const yearly = c.freq === 'YEARLY';
  const monthly = c.freq === 'MONTHLY';
  // Ordinals only where no other part could make the rule match nothing: ical.js's iterator
  // never returns from a rule that matches nothing (the very rules our budget is for).
  const ordinals = c.nth !== undefined && (yearly || monthly) && !c.byWeekNo && !c.byMonthDay && !c.byYearDay;
  if (c.byDay) parts.push(`BYDAY=${c.byDay.map((d) => (ordinals ? `${c.nth}${d}` : d)).join(',')}`);
  if (c.byMonthDay && c.freq !== 'WEEKLY') parts.push(`BYMONTHDAY=${c.byMonthDay.join(',')}`);
  if (c.byMonth && !(monthly && c.interval > 1)) parts.push(`BYMONTH=${c.byMonth.join(',')}`);
  if (c.byYearDay && yearly && !c.byMonth && !c.byMonthDay) parts.push(`BYYEARDAY=${c.byYearDay.join(',')}`);
  if (c.byWeekNo && yearly && !c.byMonth && !c.byMonthDay && !c.byYearDay) parts.push(`BYWEEKNO=${c.byWeekNo.join(',')}`);
  if (c.byHour && c.freq !== 'HOURLY') parts.push(`BYHOUR=${c.byHour.join(',')}`);
  if (c.bySetPos !== undefined && (yearly || monthly) && (c.byDay || c.byMonthDay)) parts.push(`BYSETPOS=${c.bySetPos}`);
  if (c.wkst !== 'MO') parts.push(`WKST=${c.wkst}`);
  return parts.join(';');
}

/**
 * The oracle: python-dateutil's rrule (the reference implementation of RFC 5545 RRULEs,
 * python3-dateutil on the machine), all cases in one process. Returns, per case, the
 * instances from `from` to `to` as "YYYY-MM-DD HH:mm", or null when the rule's first
 * instance is not DTSTART: RFC 5545 calls such a DTSTART "undefined" yet says it "always
 * counts as the first occurrence"; we follow the second sentence and dateutil (like ical.js)
 * does not, so those rules are not compared. (ical.js was tried first: its iterator steps
 * through everything a rule excludes with no bound, and stalled on several generated rules.)
 */
const ORACLE = `
import json, sys
from datetime import datetime, timezone
from dateutil.rrule import rrulestr
out = []
for case in json.load(sys.stdin):
    rule = rrulestr(case['text'], forceset=True)
    start = datetime.fromtimestamp(case['start'] / 1000, timezone.utc)
    first = next(iter(rule), None)
    if case['firstOnly']:
        out.append(None if first is None else int(first.timestamp() * 1000))
        continue
    if first != start:
        out.append(None)
        continue
    lo = datetime.fromtimestamp(case['from'] / 1000, timezone.utc)
    hi = datetime.fromtimestamp(case['to'] / 1000, timezone.utc)
    out.append([d.strftime('%Y-%m-%d %H:%M') for d in rule.between(lo, hi, inc=True) if d < hi])
print(json.dumps(out))
`;

interface OracleCase { readonly text: string; readonly start: number; readonly from: number; readonly to: number; readonly firstOnly: boolean }

function oracle<T>(cases: readonly OracleCase[]): (T | null)[] {
  const run = spawnSync('python3', ['-c', ORACLE], { input: JSON.stringify(cases), encoding: 'utf8', timeout: 240_000 });
  if (run.status !== 0) throw new Error(`python3 with python-dateutil is needed for this test: ${run.stderr || run.error?.message}`);
  return JSON.parse(run.stdout) as (T | null)[];
}

describe('recurrence expansion, with python-dateutil as the oracle', () => {
  it('lists the same instances as dateutil for generated rules', async () => {
    const generated = fc.sample(ruleArb, { numRuns: 400, seed: 20261124 });
    const build = (c: RuleCase, start: DateTime) => {
      const rule = ruleText(c, start);
      const exdates = c.exdates.map((d) => stamp(start.plus({ days: d })));
      const from = start.plus({ days: c.windowOffset }).startOf('day');
      const lines = [`DTSTART:${stamp(start)}`, `RRULE:${rule}`, ...exdates.map((e) => `EXDATE:${e}`)];
      return { text: lines.join('\n'), ics: oneEvent(['DURATION:PT10M', ...lines]), start: start.toMillis(), from, to: from.plus({ days: 14 }) };
    };
    const provisional = generated.map((c) => build(c, DateTime.fromObject(
      { year: 2025, month: 1, day: 1, hour: c.hour, minute: c.freq === 'HOURLY' ? c.minute : 0 }, { zone: 'UTC' }).plus({ days: c.startDay })));
    // DTSTART moved to the rule's own first instance, so that it is synchronised with the rule.
    const firsts = oracle<number>(provisional.map((k) => ({ text: k.text, start: k.start, from: 0, to: 0, firstOnly: true })));
    const cases = generated.flatMap((c, i) => (firsts[i] === null ? [] : [build(c, DateTime.fromMillis(firsts[i]!, { zone: 'UTC' }))]));
    const expected = oracle<string[]>(cases.map((k) => ({ text: k.text, start: k.start, from: k.from.toMillis(), to: k.to.toMillis(), firstOnly: false })));
    let compared = 0;
    for (const [i, k] of cases.entries()) {
      if (expected[i] === null) continue;
      compared += 1;
      const ours = await instancesBetween(k.ics, k.from.toISODate()!, k.to.minus({ days: 1 }).toISODate()!, 'UTC');
      expect({ rule: k.text, ours }).toEqual({ rule: k.text, ours: expected[i] });
    }
    // Most generated rules are compared, not skipped as unsynchronised.
    expect(compared).toBeGreaterThan(300);
  }, 300_000);
});
