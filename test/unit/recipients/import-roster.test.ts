import { describe, expect, it } from 'vitest';
import { ImportError } from '../../../src/recipients/import-error.ts';
import { parseRoster } from '../../../src/recipients/import-roster.ts';

const opts = { baseDir: '/data/roster', file: 'roster', defaultTimeZone: 'Europe/Amsterdam' };
const json = (text: string) => parseRoster(text, { ...opts, format: 'json' });
const csv = (text: string) => parseRoster(text, { ...opts, format: 'csv' });

function problems(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ImportError);
    return (err as ImportError).message.split('\n').slice(1);
  }
  throw new Error('expected the import to be refused');
}

describe('roster import', () => {
  it('fills every default and resolves relative paths against the file’s folder', () => {
    const [r] = json('[{ "id": "u-1", "email": "ada@example.com", "calendar": "cal/ada.ics", "content": "https://x.test/a.json" }]');
    expect(r).toEqual({
      id: 'u-1',
      email: 'ada@example.com',
      name: '',
      locale: 'en',
      timeZone: 'Europe/Amsterdam',
      sendAt: '07:30',
      workdays: ['mon', 'tue', 'wed', 'thu', 'fri'],
      workHours: { start: '09:00', end: '17:00' },
      calendar: '/data/roster/cal/ada.ics',
      content: 'https://x.test/a.json',
      enabled: true,
    });
  });

  it('names the line and the field of every problem in a JSON file', () => {
    const text = `[
  { "id": "u-1", "email": "ada@example.com" },
  { "id": "u-2", "email": "not-an-address",
    "timeZone": "Europe/Amsterdan" },
  { "id": "u-3", "email": "c@example.com", "sendAt": "7:30", "workdays": ["mon", "funday"] },
  { "id": "u-1", "email": "dup@example.com", "timezone": "UTC" },
  { "email": "noid@example.com", "locale": "pt", "workHours": { "start": "17:00", "end": "09:00" } }
]`;
    expect(problems(() => json(text))).toEqual([
      'line 3: email: not a valid email address',
      'line 3: timeZone: expected an IANA time zone such as Europe/Amsterdam',
      'line 5: sendAt: expected a 24-hour time as HH:MM, e.g. 07:30',
      'line 5: workdays.1: expected weekday names: mon tue wed thu fri sat sun',
      'line 6: unknown field "timezone"',
      'line 7: id: required',
      'line 7: locale: expected one of the languages we ship: en, de, es, fr, nl',
      'line 7: workHours: start must be before end',
    ]);
  });

  it('refuses a duplicate id with the line of the first', () => {
    expect(problems(() => json('[{"id":"a","email":"a@x.io"},\n{"id":"a","email":"b@x.io"}]'))).toEqual([
      'line 2: id: "a" is already used on line 1',
    ]);
  });

  it('reports broken JSON with its line', () => {
    expect(problems(() => json('[\n{"id": "a", "email": "a@x.io"},\n{"id": "b" "email": "b@x.io"}\n]'))).toEqual([
      'line 3: invalid JSON: CommaExpected',
    ]);
    expect(problems(() => json('{"id": "a"}'))).toEqual(['line 1: expected a JSON array of recipients']);
  });

  it('reads CSV with quotes, newlines in fields, space-separated workdays and work hours', () => {
    const rows = csv(
      'id,email,name,workdays,workHours,enabled\n' +
        'u-1,ada@example.com,"Lovelace, Ada",mon wed fri,08:30-16:30,yes\n' +
        'u-2,bob@example.com,"Bob ""The Builder""\nSmith",,,false\n',
    );
    expect(rows[0]).toMatchObject({ name: 'Lovelace, Ada', workdays: ['mon', 'wed', 'fri'], workHours: { start: '08:30', end: '16:30' } });
    expect(rows[1]).toMatchObject({ name: 'Bob "The Builder"\nSmith', enabled: false, workdays: ['mon', 'tue', 'wed', 'thu', 'fri'] });
  });

  it('names CSV lines correctly after a field that spans lines, and refuses unknown columns', () => {
    const text = 'id,email,name,timezone\nu-1,a@x.io,"two\nlines",UTC\nu-2,bad,x,UTC\n';
    expect(problems(() => csv(text))).toEqual([
      'line 1: unknown column "timezone" (known: id, email, name, locale, timeZone, sendAt, workdays, workHours, calendar, content, enabled)',
      'line 2: unknown field "timezone"',
      'line 4: email: not a valid email address',
      'line 4: unknown field "timezone"',
    ]);
    // Even when every cell of the misspelt column is empty.
    expect(problems(() => csv('id,email,timezone\nu-1,a@x.io,\n'))).toEqual([
      'line 1: unknown column "timezone" (known: id, email, name, locale, timeZone, sendAt, workdays, workHours, calendar, content, enabled)',
    ]);
  });

  it('reports a broken CSV with its line', () => {
    expect(problems(() => csv('id,email\nu-1,a@x.io\nu-2,b@x.io,extra\n'))[0]).toMatch(/^line 3: invalid CSV/);
    expect(problems(() => csv('id,email\nu-1,"a@x.io\n'))[0]).toMatch(/^line 2: invalid CSV: Quote Not Closed/);
  });

  it('refuses schemes other than http(s) for calendars', () => {
    expect(problems(() => json('[{"id":"a","email":"a@x.io","calendar":"ftp://x/a.ics"}]'))).toEqual([
      'line 1: calendar: only file paths and http(s) URLs are supported',
    ]);
  });
});
