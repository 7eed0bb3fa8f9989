import { z } from 'zod';
import { isAbsolute, resolve } from 'node:path';
import { isLocale, locales } from '../render/locales.ts';
import { WEEKDAYS, isClockTime, isValidTimeZone, minutesOfClock } from '../time/zones.ts';
import type { Recipient } from './recipient.ts';
import type { ImportProblem } from './import-error.ts';
import { recordProblems } from './record-problems.ts';

const clock = z.string().trim().refine(isClockTime, 'expected a 24-hour time as HH:MM, e.g. 07:30');

const source = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(2048, 'longer than 2048 characters')
  .refine((s) => !/^[a-z][a-z0-9+.-]*:\/\//i.test(s) || /^https?:\/\//i.test(s), 'only file paths and http(s) URLs are supported');

/**
 * One roster record as it comes in (JSON object or CSV row, already split into fields).
 * Unknown fields are refused: a typo such as "timezone" must not silently fall back to a default.
 */
export function recordSchema(defaultTimeZone: string) {
  return z
    .object({
      id: z
        .string()
        .trim()
        .regex(/^[A-Za-z0-9][A-Za-z0-9._@+-]{0,127}$/, 'expected 1-128 letters, digits or . _ @ + - (starting with a letter or digit)'),
      email: z.string().trim().pipe(z.email('not a valid email address')),
      name: z.string().trim().max(200, 'longer than 200 characters').default(''),
      locale: z
        .string({ error: `expected one of the languages we ship: ${locales().join(', ')}` })
        .trim()
        .refine(isLocale, `expected one of the languages we ship: ${locales().join(', ')}`)
        .default('en'),
      timeZone: z
        .string()
        .trim()
        .refine(isValidTimeZone, 'expected an IANA time zone such as Europe/Amsterdam')
        .default(defaultTimeZone),
      sendAt: clock.default('07:30'),
      workdays: z
        .array(z.string().trim().toLowerCase().pipe(z.enum(WEEKDAYS, { error: `expected weekday names: ${WEEKDAYS.join(' ')}` })))
        .min(1, 'at least one workday')
        .refine((days) => new Set(days).size === days.length, 'a weekday is listed twice')
        .default(['mon', 'tue', 'wed', 'thu', 'fri']),
      workHours: z
        .object({ start: clock, end: clock }, { error: 'expected { "start": "09:00", "end": "17:00" }' })
        .strict()
        // Zod runs this even when a time above failed ("9:00"): compare only two valid times.
        .refine((h) => !isClockTime(h.start) || !isClockTime(h.end) || minutesOfClock(h.start) < minutesOfClock(h.end), 'start must be before end')
        .default({ start: '09:00', end: '17:00' }),
      calendar: source.optional(),
      content: source.optional(),
      enabled: z.boolean({ error: 'expected true or false' }).default(true),
    })
    .strict();
}

export type RecordSchema = ReturnType<typeof recordSchema>;

/** The fields a record (or its nested `workHours`) may have, to suggest one for a misspelt name. */
function knownFields(schema: RecordSchema) {
  return (path: readonly PropertyKey[]): readonly string[] => (path[0] === 'workHours' ? ['start', 'end'] : Object.keys(schema.shape));
}

export type RecordCheck = { ok: true; recipient: Recipient } | { ok: false; problems: ImportProblem[] };

/**
 * One record on its own: every problem in it with its field, or the recipient. Checks that
 * need the whole file (duplicate ids, the CSV header) are the caller's, so that an import
 * can check records as they stream in.
 */
export function checkRecord(schema: RecordSchema, value: unknown, line: number, baseDir: string): RecordCheck {
  // reportInput: the wording says what was there ("got the number 730").
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return { ok: true, recipient: toRecipient(result.data, baseDir) };
  return { ok: false, problems: recordProblems(result.error.issues, line, knownFields(schema)) };
}

/** Relative paths in a roster resolve against the folder of the imported file. */
export function resolveSource(value: string | undefined, baseDir: string): string | undefined {
  if (value === undefined) return undefined;
  if (/^https?:\/\//i.test(value) || isAbsolute(value)) return value;
  return resolve(baseDir, value);
}

function toRecipient(parsed: z.output<RecordSchema>, baseDir: string): Recipient {
  return {
    ...parsed,
    calendar: resolveSource(parsed.calendar, baseDir),
    content: resolveSource(parsed.content, baseDir),
  };
}
