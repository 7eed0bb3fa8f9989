import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { BriefingDay } from '../content/briefing-day.ts';
import type { Recipient } from '../recipients/recipient.ts';
import { isClockTime, isLocalDate, isValidTimeZone, WEEKDAYS } from '../time/zones.ts';
import { isLocale } from './locales.ts';
import { TEMPLATES_DIR } from '../paths.ts';

/** Preview data beside the templates: the preview server and the render tests share it. */
export interface Fixture {
  readonly name: string;
  readonly recipient: Recipient;
  readonly day: BriefingDay;
}

const localDate = z.string().refine(isLocalDate, 'must be a date as YYYY-MM-DD');
const zone = z.string().refine(isValidTimeZone, 'must be an IANA time zone');
const instant = z.iso.datetime({ offset: true }).transform((s) => new Date(s));
const clock = z.string().refine(isClockTime, 'must be HH:MM');

const recipientSchema = z.object({
  id: z.string().min(1),
  email: z.string().email(),
  name: z.string(),
  locale: z.string().refine(isLocale, 'must be a locale with a file in templates/locales/'),
  timeZone: zone,
  sendAt: clock,
  workdays: z.array(z.enum(WEEKDAYS)),
  workHours: z.object({ start: clock, end: clock }),
  calendar: z.string().optional(),
  content: z.string().optional(),
  enabled: z.boolean(),
});

const daySchema = z.object({
  date: localDate,
  timeZone: zone,
  meetings: z.array(
    z.object({
      title: z.string(),
      start: instant,
      end: instant,
      allDay: z.boolean(),
      location: z.string().optional(),
      onlineUrl: z.string().optional(),
      organizer: z.string().optional(),
      organizerIsReader: z.boolean().default(false),
      needsReply: z.boolean().default(false),
      attendeeCount: z.number().int().nonnegative(),
    }),
  ),
  tasks: z.array(
    z.object({ title: z.string(), due: localDate.optional(), overdue: z.boolean(), url: z.string().optional() }),
  ),
  followUps: z.array(
    z.object({ title: z.string(), from: z.string().optional(), due: localDate.optional(), url: z.string().optional() }),
  ),
  focus: z.object({ start: instant, end: instant, minutes: z.number().int().positive() }).nullable(),
});

const fixtureSchema = z.object({ recipient: recipientSchema, day: daySchema });

/** The repository's own templates folder, for callers that do not pass one. */
// The one definition of where the templates are, so that it holds in the build (dist/) too.
export const DEFAULT_TEMPLATES_DIR = TEMPLATES_DIR;

export function fixturesDir(templatesDir: string): string {
  return path.join(templatesDir, 'fixtures');
}

export async function listFixtures(templatesDir: string = DEFAULT_TEMPLATES_DIR): Promise<string[]> {
  const files = await readdir(fixturesDir(templatesDir));
  return files.filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -'.json'.length)).sort();
}

export async function loadFixture(name: string, templatesDir: string = DEFAULT_TEMPLATES_DIR): Promise<Fixture> {
  // The preview server passes a name from the URL: only plain names, never a path.
  if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`fixture name "${name}" must be lowercase letters, digits and dashes`);
  const file = path.join(fixturesDir(templatesDir), `${name}.json`);
  const parsed = fixtureSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${file}: ${issue.path.join('.')}: ${issue.message}`);
  }
  return { name, ...parsed.data };
}
