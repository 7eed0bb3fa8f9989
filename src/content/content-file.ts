import { z } from 'zod';
import type { FollowUp, Task } from './briefing-day.ts';
import { ContentError, describeSource } from './content-error.ts';
import { isLocalDate, localDateOf, type LocalDate } from '../time/zones.ts';

// `due` is a local date, or an ISO date-time: with an offset it is an instant (its date is
// taken in the recipient's zone); without one it is a wall-clock time (its date is kept).
const DATE_TIME_RE = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;
const due = z
  .string()
  .refine((text) => isLocalDate(text) || (DATE_TIME_RE.test(text) && !Number.isNaN(Date.parse(text))), {
    message: 'expected a date as YYYY-MM-DD or an ISO 8601 date-time',
  });
const httpUrl = z.url({ protocol: /^https?$/, message: 'expected an http(s) URL' });
const title = z.string().trim().min(1, 'must not be empty').max(500, 'longer than 500 characters');

const contentFileSchema = z.object({
  tasks: z.array(z.object({ title, due: due.optional(), url: httpUrl.optional() })).default([]),
  followUps: z
    .array(z.object({ title, from: z.string().trim().max(200).optional(), due: due.optional(), url: httpUrl.optional() }))
    .default([]),
});

export type ContentFile = z.infer<typeof contentFileSchema>;

/** Parses and validates a content file; errors name the source and the field path, never the values. */
export function parseContentFile(text: string, source: string): ContentFile {
  const name = `content file ${describeSource(source)}`;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    // V8's message quotes the text around the error, so keep only the position.
    const position = /position (\d+)/.exec(String((error as Error).message))?.[1];
    throw new ContentError('INVALID', `${name}: not valid JSON${position ? ` (at character ${position})` : ''} — fix the file`);
  }
  const parsed = contentFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)).join('').replace(/^\./, '');
    throw new ContentError('INVALID', `${name}: ${path || '(top level)'}: ${issue.message} — fix the file`);
  }
  return parsed.data;
}

export function dueDateOf(dueText: string, zone: string): LocalDate {
  if (isLocalDate(dueText)) return dueText;
  const m = DATE_TIME_RE.exec(dueText)!;
  return m[2] ? localDateOf(new Date(dueText), zone) : m[1]!;
}

/**
 * Tasks due on `date` or before it (overdue), plus undated tasks: a content file lists open
 * work, and an open task without a date is still open. Dated first (oldest first), then undated
 * in file order.
 */
export function contentTasksOn(file: ContentFile, date: LocalDate, zone: string): Task[] {
  const dated: Task[] = [];
  const undated: Task[] = [];
  for (const item of file.tasks) {
    if (item.due === undefined) {
      undated.push({ title: item.title, overdue: false, ...(item.url && { url: item.url }) });
      continue;
    }
    const dueDate = dueDateOf(item.due, zone);
    if (dueDate > date) continue;
    dated.push({ title: item.title, due: dueDate, overdue: dueDate < date, ...(item.url && { url: item.url }) });
  }
  return [...dated.sort((a, b) => a.due!.localeCompare(b.due!)), ...undated];
}

/**
 * Every listed follow-up, whatever its date: the file is the list of things to follow up on,
 * and one due later is still worth a glance. Dated first (soonest first), then undated.
 */
export function contentFollowUps(file: ContentFile, zone: string): FollowUp[] {
  const items = file.followUps.map((item) => ({
    title: item.title,
    ...(item.from && { from: item.from }),
    ...(item.due !== undefined && { due: dueDateOf(item.due, zone) }),
    ...(item.url && { url: item.url }),
  }));
  const dated = items.filter((item) => item.due !== undefined).sort((a, b) => a.due!.localeCompare(b.due!));
  return [...dated, ...items.filter((item) => item.due === undefined)];
}
