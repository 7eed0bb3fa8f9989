import { z } from 'zod';
import { isAbsolute, resolve } from 'node:path';
import { isLocale, locales } from '../render/locales.ts';
import { WEEKDAYS, isClockTime, isValidTimeZone, minutesOfClock } from '../time/zones.ts';
import type { Recipient } from './recipient.ts';

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
        .string({ error: 'required, a string' })
        .trim()
        .regex(/^[A-Za-z0-9][A-Za-z0-9._@+-]{0,127}$/, 'expected 1-128 letters, digits or . _ @ + - (starting with a letter or digit)'),
      email: z.string({ error: 'required, a string' }).trim().pipe(z.email('not a valid email address')),
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
        .refine((h) => minutesOfClock(h.start) < minutesOfClock(h.end), 'start must be before end')
        .default({ start: '09:00', end: '17:00' }),
      calendar: source.optional(),
      content: source.optional(),
      enabled: z.boolean({ error: 'expected true or false' }).default(true),
    })
    .strict();
}

export type RawRecord = z.input<ReturnType<typeof recordSchema>>;

/** Relative paths in a roster resolve against the folder of the imported file. */
export function resolveSource(value: string | undefined, baseDir: string): string | undefined {
  if (value === undefined) return undefined;
  if (/^https?:\/\//i.test(value) || isAbsolute(value)) return value;
  return resolve(baseDir, value);
}

export function toRecipient(parsed: z.output<ReturnType<typeof recordSchema>>, baseDir: string): Recipient {
  return {
    ...parsed,
    calendar: resolveSource(parsed.calendar, baseDir),
    content: resolveSource(parsed.content, baseDir),
  };
}
