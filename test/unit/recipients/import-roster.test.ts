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
      'line 6: unknown field "timezone" (did you mean "timeZone"?)',
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
      'line 3: invalid JSON: a "," is missing before "email"',
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

  it('names CSV lines correctly after a field that spans lines, and refuses an unknown column once, on the header', () => {
    const text = 'id,email,name,timezone\nu-1,a@x.io,"two\nlines",UTC\nu-2,bad,x,UTC\n';
    expect(problems(() => csv(text))).toEqual(['line 1: unknown column "timezone" (did you mean "timeZone"?)', 'line 4: email: not a valid email address']);
    // Even when every cell of the misspelt column is empty; with nothing close, the known columns.
    expect(problems(() => csv('id,email,colour\nu-1,a@x.io,\n'))).toEqual([
      'line 1: unknown column "colour" (known: id, email, name, locale, timeZone, sendAt, workdays, workHours, calendar, content, enabled)',
    ]);
  });

  it('reports a bad workHours with its line and field, and every other problem of the file with it', () => {
    const text = [
      'id,email,workHours,sendAt,enabled',
      'u-1,ada@example.com,9:00-17:00,07:30,yes',
      'u-2,not-an-address,09:00-17:00,7:30,maybe',
      'u-3,eve@example.com,nine to five,,',
      'u-4,bob@example.com,09:00-25:00,,',
      '',
    ].join('\n');
    expect(problems(() => csv(text))).toEqual([
      'line 2: workHours.start: expected a 24-hour time as HH:MM, e.g. 07:30',
      'line 3: enabled: expected true or false',
      'line 3: email: not a valid email address',
      'line 3: sendAt: expected a 24-hour time as HH:MM, e.g. 07:30',
      'line 4: workHours: expected start-end, e.g. 09:00-17:00',
      'line 5: workHours.end: expected a 24-hour time as HH:MM, e.g. 07:30',
    ]);
    const jsonText = '[{ "id": "u-1", "email": "a@x.io", "workHours": { "start": "9:00", "end": "17:00" } },\n { "id": "u-2", "email": "b@x" }]';
    expect(problems(() => json(jsonText))).toEqual([
      'line 1: workHours.start: expected a 24-hour time as HH:MM, e.g. 07:30',
      'line 2: email: not a valid email address',
    ]);
  });

  it('suggests the field a misspelt name most likely meant, and nothing for a name unlike any', () => {
    const text = `[
  { "id": "u-1", "email": "a@x.io", "time_zone": "UTC", "sendat": "07:00", "emial": "b@x.io", "colour": "red" },
  { "id": "u-2", "email": "b@x.io", "workHours": { "strat": "09:00", "end": "17:00" }, "workday": ["mon"] }
]`;
    expect(problems(() => json(text))).toEqual([
      'line 2: unknown field "time_zone" (did you mean "timeZone"?)',
      'line 2: unknown field "sendat" (did you mean "sendAt"?)',
      'line 2: unknown field "emial" (did you mean "email"?)',
      'line 2: unknown field "colour"',
      'line 3: workHours.start: required',
      'line 3: workHours: unknown field "strat" (did you mean "start"?)',
      'line 3: unknown field "workday" (did you mean "workdays"?)',
    ]);
  });

  it('says what was there when a value has the wrong type, and "required" only when it is missing', () => {
    const text = '[{ "id": 5, "email": "a@x.io", "sendAt": 730, "workdays": "mon tue", "enabled": "yes", "name": null },\n { "email": "b@x.io" }, "u-3"]';
    expect(problems(() => json(text))).toEqual([
      'line 1: id: expected a string, got the number 5',
      'line 1: name: expected a string, got null',
      'line 1: sendAt: expected a string, got the number 730',
      'line 1: workdays: expected a list, got the text "mon tue"',
      'line 1: enabled: expected true or false',
      'line 2: id: required',
      'line 2: expected an object with at least "id" and "email", got the text "u-3"',
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
