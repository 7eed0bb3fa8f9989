import { describe, expect, it } from 'vitest';
import { instancesBetween, oneEvent } from './recurrence-helpers.ts';

/**
 * The recurrence examples of RFC 5545 §3.8.5.3, each with the dates and times the RFC lists
 * for it (typed from the RFC's text, not from our output). Every example starts at 09:00 in
 * America/New_York (DTSTART;TZID=America/New_York) and is read by a reader in that zone, so
 * 09:00 stays 09:00 across the 1997 DST change (26 October) exactly as the RFC's EDT/EST
 * lists say. "Forever" rules are checked over the span the RFC lists.
 */

const NY = 'America/New_York';
/** `days('1997-09', 2, 4)` → ['1997-09-02 09:00', '1997-09-04 09:00']. */
const days = (month: string, ...list: number[]): string[] => list.map((d) => `${month}-${String(d).padStart(2, '0')} 09:00`);
const at = (date: string, ...times: string[]): string[] => times.map((t) => `${date} ${t}`);
const range = (from: number, to: number, step = 1): number[] => Array.from({ length: Math.floor((to - from) / step) + 1 }, (_, i) => from + i * step);

interface Example {
  readonly name: string;
  readonly start: string;
  readonly lines: readonly string[];
  readonly from: string;
  readonly to: string;
  readonly expected: readonly string[];
}

const EXAMPLES: Example[] = [
  { name: 'Daily for 10 occurrences', start: '19970902T090000', lines: ['RRULE:FREQ=DAILY;COUNT=10'],
    from: '1997-09-01', to: '1997-12-31', expected: days('1997-09', ...range(2, 11)) },
  { name: 'Daily until December 24, 1997', start: '19970902T090000', lines: ['RRULE:FREQ=DAILY;UNTIL=19971224T000000Z'],
    from: '1997-09-01', to: '1998-01-31',
    expected: [...days('1997-09', ...range(2, 30)), ...days('1997-10', ...range(1, 31)), ...days('1997-11', ...range(1, 30)), ...days('1997-12', ...range(1, 23))] },
  { name: 'Every other day - forever', start: '19970902T090000', lines: ['RRULE:FREQ=DAILY;INTERVAL=2'],
    from: '1997-09-01', to: '1997-12-04',
    expected: [...days('1997-09', ...range(2, 30, 2)), ...days('1997-10', ...range(2, 30, 2)), ...days('1997-11', ...range(1, 29, 2)), ...days('1997-12', 1, 3)] },
  { name: 'Every 10 days, 5 occurrences', start: '19970902T090000', lines: ['RRULE:FREQ=DAILY;INTERVAL=10;COUNT=5'],
    from: '1997-09-01', to: '1997-12-31', expected: [...days('1997-09', 2, 12, 22), ...days('1997-10', 2, 12)] },
  { name: 'Every day in January, for 3 years (yearly form)', start: '19980101T090000',
    lines: ['RRULE:FREQ=YEARLY;UNTIL=20000131T140000Z;BYMONTH=1;BYDAY=SU,MO,TU,WE,TH,FR,SA'], from: '1997-12-01', to: '2000-03-01',
    expected: ['1998', '1999', '2000'].flatMap((y) => days(`${y}-01`, ...range(1, 31))) },
  { name: 'Every day in January, for 3 years (daily form)', start: '19980101T090000',
    lines: ['RRULE:FREQ=DAILY;UNTIL=20000131T140000Z;BYMONTH=1'], from: '1997-12-01', to: '2000-03-01',
    expected: ['1998', '1999', '2000'].flatMap((y) => days(`${y}-01`, ...range(1, 31))) },
  { name: 'Weekly for 10 occurrences', start: '19970902T090000', lines: ['RRULE:FREQ=WEEKLY;COUNT=10'],
    from: '1997-09-01', to: '1997-12-31', expected: [...days('1997-09', 2, 9, 16, 23, 30), ...days('1997-10', 7, 14, 21, 28), ...days('1997-11', 4)] },
  { name: 'Weekly until December 24, 1997', start: '19970902T090000', lines: ['RRULE:FREQ=WEEKLY;UNTIL=19971224T000000Z'],
    from: '1997-09-01', to: '1998-01-31',
    expected: [...days('1997-09', 2, 9, 16, 23, 30), ...days('1997-10', 7, 14, 21, 28), ...days('1997-11', 4, 11, 18, 25), ...days('1997-12', 2, 9, 16, 23)] },
  { name: 'Every other week - forever', start: '19970902T090000', lines: ['RRULE:FREQ=WEEKLY;INTERVAL=2;WKST=SU'],
    from: '1997-09-01', to: '1998-02-17',
    expected: [...days('1997-09', 2, 16, 30), ...days('1997-10', 14, 28), ...days('1997-11', 11, 25), ...days('1997-12', 9, 23),
      ...days('1998-01', 6, 20), ...days('1998-02', 3, 17)] },
  { name: 'Weekly on Tuesday and Thursday for five weeks (UNTIL)', start: '19970902T090000',
    lines: ['RRULE:FREQ=WEEKLY;UNTIL=19971007T000000Z;WKST=SU;BYDAY=TU,TH'], from: '1997-09-01', to: '1997-12-31',
    expected: [...days('1997-09', 2, 4, 9, 11, 16, 18, 23, 25, 30), ...days('1997-10', 2)] },
  { name: 'Weekly on Tuesday and Thursday for five weeks (COUNT)', start: '19970902T090000',
    lines: ['RRULE:FREQ=WEEKLY;COUNT=10;WKST=SU;BYDAY=TU,TH'], from: '1997-09-01', to: '1997-12-31',
    expected: [...days('1997-09', 2, 4, 9, 11, 16, 18, 23, 25, 30), ...days('1997-10', 2)] },
  { name: 'Every other week on Monday, Wednesday, and Friday until December 24, 1997', start: '19970901T090000',
    lines: ['RRULE:FREQ=WEEKLY;INTERVAL=2;UNTIL=19971224T000000Z;WKST=SU;BYDAY=MO,WE,FR'], from: '1997-08-01', to: '1998-01-31',
    expected: [...days('1997-09', 1, 3, 5, 15, 17, 19, 29), ...days('1997-10', 1, 3, 13, 15, 17, 27, 29, 31),
      ...days('1997-11', 10, 12, 14, 24, 26, 28), ...days('1997-12', 8, 10, 12, 22)] },
  { name: 'Every other week on Tuesday and Thursday, for 8 occurrences', start: '19970902T090000',
    lines: ['RRULE:FREQ=WEEKLY;INTERVAL=2;COUNT=8;WKST=SU;BYDAY=TU,TH'], from: '1997-09-01', to: '1997-12-31',
    expected: [...days('1997-09', 2, 4, 16, 18, 30), ...days('1997-10', 2, 14, 16)] },
  { name: 'Monthly on the first Friday for 10 occurrences', start: '19970905T090000', lines: ['RRULE:FREQ=MONTHLY;COUNT=10;BYDAY=1FR'],
    from: '1997-09-01', to: '1998-12-31',
    expected: [...days('1997-09', 5), ...days('1997-10', 3), ...days('1997-11', 7), ...days('1997-12', 5), ...days('1998-01', 2),
      ...days('1998-02', 6), ...days('1998-03', 6), ...days('1998-04', 3), ...days('1998-05', 1), ...days('1998-06', 5)] },
  { name: 'Monthly on the first Friday until December 24, 1997', start: '19970905T090000',
    lines: ['RRULE:FREQ=MONTHLY;UNTIL=19971224T000000Z;BYDAY=1FR'], from: '1997-09-01', to: '1998-03-31',
    expected: [...days('1997-09', 5), ...days('1997-10', 3), ...days('1997-11', 7), ...days('1997-12', 5)] },
  { name: 'Every other month on the first and last Sunday of the month for 10 occurrences', start: '19970907T090000',
    lines: ['RRULE:FREQ=MONTHLY;INTERVAL=2;COUNT=10;BYDAY=1SU,-1SU'], from: '1997-09-01', to: '1998-12-31',
    expected: [...days('1997-09', 7, 28), ...days('1997-11', 2, 30), ...days('1998-01', 4, 25), ...days('1998-03', 1, 29), ...days('1998-05', 3, 31)] },
  { name: 'Monthly on the second-to-last Monday of the month for 6 months', start: '19970922T090000',
    lines: ['RRULE:FREQ=MONTHLY;COUNT=6;BYDAY=-2MO'], from: '1997-09-01', to: '1998-12-31',
    expected: [...days('1997-09', 22), ...days('1997-10', 20), ...days('1997-11', 17), ...days('1997-12', 22), ...days('1998-01', 19), ...days('1998-02', 16)] },
  { name: 'Monthly on the third-to-the-last day of the month, forever', start: '19970928T090000', lines: ['RRULE:FREQ=MONTHLY;BYMONTHDAY=-3'],
    from: '1997-09-01', to: '1998-02-28',
    expected: [...days('1997-09', 28), ...days('1997-10', 29), ...days('1997-11', 28), ...days('1997-12', 29), ...days('1998-01', 29), ...days('1998-02', 26)] },
  { name: 'Monthly on the 2nd and 15th of the month for 10 occurrences', start: '19970902T090000',
    lines: ['RRULE:FREQ=MONTHLY;COUNT=10;BYMONTHDAY=2,15'], from: '1997-09-01', to: '1998-12-31',
    expected: ['1997-09', '1997-10', '1997-11', '1997-12', '1998-01'].flatMap((m) => days(m, 2, 15)) },
  { name: 'Monthly on the first and last day of the month for 10 occurrences', start: '19970930T090000',
    lines: ['RRULE:FREQ=MONTHLY;COUNT=10;BYMONTHDAY=1,-1'], from: '1997-09-01', to: '1998-12-31',
    expected: [...days('1997-09', 30), ...days('1997-10', 1, 31), ...days('1997-11', 1, 30), ...days('1997-12', 1, 31), ...days('1998-01', 1, 31), ...days('1998-02', 1)] },
  { name: 'Every 18 months on the 10th thru 15th of the month for 10 occurrences', start: '19970910T090000',
    lines: ['RRULE:FREQ=MONTHLY;INTERVAL=18;COUNT=10;BYMONTHDAY=10,11,12,13,14,15'], from: '1997-09-01', to: '2001-12-31',
    expected: [...days('1997-09', 10, 11, 12, 13, 14, 15), ...days('1999-03', 10, 11, 12, 13)] },
  { name: 'Every Tuesday, every other month', start: '19970902T090000', lines: ['RRULE:FREQ=MONTHLY;INTERVAL=2;BYDAY=TU'],
    from: '1997-09-01', to: '1998-03-31',
    expected: [...days('1997-09', 2, 9, 16, 23, 30), ...days('1997-11', 4, 11, 18, 25), ...days('1998-01', 6, 13, 20, 27), ...days('1998-03', 3, 10, 17, 24, 31)] },
  { name: 'Yearly in June and July for 10 occurrences', start: '19970610T090000', lines: ['RRULE:FREQ=YEARLY;COUNT=10;BYMONTH=6,7'],
    from: '1997-06-01', to: '2003-12-31',
    expected: ['1997', '1998', '1999', '2000', '2001'].flatMap((y) => [...days(`${y}-06`, 10), ...days(`${y}-07`, 10)]) },
  { name: 'Every other year on January, February, and March for 10 occurrences', start: '19970310T090000',
    lines: ['RRULE:FREQ=YEARLY;INTERVAL=2;COUNT=10;BYMONTH=1,2,3'], from: '1997-01-01', to: '2005-12-31',
    expected: [...days('1997-03', 10), ...['1999', '2001', '2003'].flatMap((y) => [...days(`${y}-01`, 10), ...days(`${y}-02`, 10), ...days(`${y}-03`, 10)])] },
  { name: 'Every third year on the 1st, 100th, and 200th day for 10 occurrences', start: '19970101T090000',
    lines: ['RRULE:FREQ=YEARLY;INTERVAL=3;COUNT=10;BYYEARDAY=1,100,200'], from: '1996-12-01', to: '2008-12-31',
    expected: [...days('1997-01', 1), ...days('1997-04', 10), ...days('1997-07', 19), ...days('2000-01', 1), ...days('2000-04', 9),
      ...days('2000-07', 18), ...days('2003-01', 1), ...days('2003-04', 10), ...days('2003-07', 19), ...days('2006-01', 1)] },
  { name: 'Every 20th Monday of the year, forever', start: '19970519T090000', lines: ['RRULE:FREQ=YEARLY;BYDAY=20MO'],
    from: '1997-01-01', to: '1999-12-31', expected: [...days('1997-05', 19), ...days('1998-05', 18), ...days('1999-05', 17)] },
  { name: 'Monday of week number 20, forever', start: '19970512T090000', lines: ['RRULE:FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO'],
    from: '1997-01-01', to: '1999-12-31', expected: [...days('1997-05', 12), ...days('1998-05', 11), ...days('1999-05', 17)] },
  { name: 'Every Thursday in March, forever', start: '19970313T090000', lines: ['RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=TH'],
    from: '1997-01-01', to: '1999-12-31',
    expected: [...days('1997-03', 13, 20, 27), ...days('1998-03', 5, 12, 19, 26), ...days('1999-03', 4, 11, 18, 25)] },
  { name: 'Every Thursday, but only during June, July, and August, forever', start: '19970605T090000',
    lines: ['RRULE:FREQ=YEARLY;BYDAY=TH;BYMONTH=6,7,8'], from: '1997-01-01', to: '1999-12-31',
    expected: [...days('1997-06', 5, 12, 19, 26), ...days('1997-07', 3, 10, 17, 24, 31), ...days('1997-08', 7, 14, 21, 28),
      ...days('1998-06', 4, 11, 18, 25), ...days('1998-07', 2, 9, 16, 23, 30), ...days('1998-08', 6, 13, 20, 27),
      ...days('1999-06', 3, 10, 17, 24), ...days('1999-07', 1, 8, 15, 22, 29), ...days('1999-08', 5, 12, 19, 26)] },
  { name: 'Every Friday the 13th, forever (DTSTART excluded by EXDATE)', start: '19970902T090000',
    lines: ['EXDATE;TZID=America/New_York:19970902T090000', 'RRULE:FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13'], from: '1997-09-01', to: '2000-12-31',
    expected: [...days('1998-02', 13), ...days('1998-03', 13), ...days('1998-11', 13), ...days('1999-08', 13), ...days('2000-10', 13)] },
  { name: 'The first Saturday that follows the first Sunday of the month, forever', start: '19970913T090000',
    lines: ['RRULE:FREQ=MONTHLY;BYDAY=SA;BYMONTHDAY=7,8,9,10,11,12,13'], from: '1997-09-01', to: '1998-06-30',
    expected: [...days('1997-09', 13), ...days('1997-10', 11), ...days('1997-11', 8), ...days('1997-12', 13), ...days('1998-01', 10),
      ...days('1998-02', 7), ...days('1998-03', 7), ...days('1998-04', 11), ...days('1998-05', 9), ...days('1998-06', 13)] },
  { name: 'Every 4 years, the first Tuesday after a Monday in November (U.S. Presidential Election day)', start: '19961105T090000',
    lines: ['RRULE:FREQ=YEARLY;INTERVAL=4;BYMONTH=11;BYDAY=TU;BYMONTHDAY=2,3,4,5,6,7,8'], from: '1996-01-01', to: '2004-12-31',
    expected: [...days('1996-11', 5), ...days('2000-11', 7), ...days('2004-11', 2)] },
  { name: 'The third instance into the month of one of Tuesday, Wednesday, or Thursday, for the next 3 months', start: '19970904T090000',
    lines: ['RRULE:FREQ=MONTHLY;COUNT=3;BYDAY=TU,WE,TH;BYSETPOS=3'], from: '1997-09-01', to: '1997-12-31',
    expected: [...days('1997-09', 4), ...days('1997-10', 7), ...days('1997-11', 6)] },
  { name: 'The second-to-last weekday of the month', start: '19970929T090000', lines: ['RRULE:FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-2'],
    from: '1997-09-01', to: '1998-03-31',
    expected: [...days('1997-09', 29), ...days('1997-10', 30), ...days('1997-11', 27), ...days('1997-12', 30), ...days('1998-01', 29),
      ...days('1998-02', 26), ...days('1998-03', 30)] },
  // The RFC lists 09:00, 12:00 and 15:00 here, but its own UNTIL (17:00Z) is 13:00 EDT, which
  // excludes 15:00; we follow the rule (as python-dateutil and ical.js do).
  { name: 'Every 3 hours from 9:00 AM to 5:00 PM on a specific day', start: '19970902T090000',
    lines: ['RRULE:FREQ=HOURLY;INTERVAL=3;UNTIL=19970902T170000Z'], from: '1997-09-01', to: '1997-09-30', expected: at('1997-09-02', '09:00', '12:00') },
  { name: 'Every 15 minutes for 6 occurrences', start: '19970902T090000', lines: ['RRULE:FREQ=MINUTELY;INTERVAL=15;COUNT=6'],
    from: '1997-09-01', to: '1997-09-30', expected: at('1997-09-02', '09:00', '09:15', '09:30', '09:45', '10:00', '10:15') },
  { name: 'Every hour and a half for 4 occurrences', start: '19970902T090000', lines: ['RRULE:FREQ=MINUTELY;INTERVAL=90;COUNT=4'],
    from: '1997-09-01', to: '1997-09-30', expected: at('1997-09-02', '09:00', '10:30', '12:00', '13:30') },
  { name: 'Every 20 minutes from 9:00 AM to 4:40 PM every day (daily form)', start: '19970902T090000',
    lines: ['RRULE:FREQ=DAILY;BYHOUR=9,10,11,12,13,14,15,16;BYMINUTE=0,20,40'], from: '1997-09-02', to: '1997-09-03',
    expected: ['1997-09-02', '1997-09-03'].flatMap((d) => range(9, 16).flatMap((h) => at(d, `${String(h).padStart(2, '0')}:00`, `${String(h).padStart(2, '0')}:20`, `${String(h).padStart(2, '0')}:40`))) },
  { name: 'Every 20 minutes from 9:00 AM to 4:40 PM every day (minutely form)', start: '19970902T090000',
    lines: ['RRULE:FREQ=MINUTELY;INTERVAL=20;BYHOUR=9,10,11,12,13,14,15,16'], from: '1997-09-02', to: '1997-09-03',
    expected: ['1997-09-02', '1997-09-03'].flatMap((d) => range(9, 16).flatMap((h) => at(d, `${String(h).padStart(2, '0')}:00`, `${String(h).padStart(2, '0')}:20`, `${String(h).padStart(2, '0')}:40`))) },
  { name: 'WKST=MO changes which days a two-weekly rule picks', start: '19970805T090000',
    lines: ['RRULE:FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=MO'], from: '1997-08-01', to: '1997-09-30', expected: days('1997-08', 5, 10, 19, 24) },
  { name: 'WKST=SU changes which days a two-weekly rule picks', start: '19970805T090000',
    lines: ['RRULE:FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=SU'], from: '1997-08-01', to: '1997-09-30', expected: days('1997-08', 5, 17, 19, 31) },
  { name: 'An invalid date (February 30) is ignored', start: '20070115T090000', lines: ['RRULE:FREQ=MONTHLY;BYMONTHDAY=15,30;COUNT=5'],
    from: '2007-01-01', to: '2007-12-31', expected: [...days('2007-01', 15, 30), ...days('2007-02', 15), ...days('2007-03', 15, 30)] },
];

describe('RFC 5545 §3.8.5.3 recurrence examples', () => {
  it.each(EXAMPLES)('$name', async (example) => {
    const ics = oneEvent([`DTSTART;TZID=${NY}:${example.start}`, 'DURATION:PT1H', ...example.lines]);
    expect(await instancesBetween(ics, example.from, example.to, NY)).toEqual(example.expected);
  });
});
