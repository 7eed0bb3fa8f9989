import type { BriefingDay, FollowUp, Meeting, Task } from '../content/briefing-day.ts';
import type { LocalDate } from '../time/zones.ts';
import type { Recipient } from '../recipients/recipient.ts';
import { formattersFor, type Formatters } from './intl-cache.ts';
import type { Locale } from './locales.ts';
import { fill, type Messages, type PluralKey, type TextKey } from './messages.ts';

/** Plain data for the templates: every value already a formatted string, boolean or list. */
export interface BriefingView {
  readonly subject: string;
  readonly preheader: string;
  readonly greeting: string;
  readonly dateLabel: string;
  readonly summary: string;
  readonly hasMeetings: boolean;
  readonly meetings: readonly MeetingView[];
  readonly hasTasks: boolean;
  readonly tasks: readonly TaskView[];
  readonly hasFollowUps: boolean;
  readonly followUps: readonly FollowUpView[];
  readonly focus: { readonly timeRange: string; readonly duration: string } | null;
  readonly unsubscribeUrl: string;
}

export interface MeetingView {
  readonly title: string;
  readonly allDay: boolean;
  readonly timeRange: string;
  readonly location: string | null;
  readonly joinUrl: string | null;
  readonly details: string | null;
}

export interface TaskView {
  readonly title: string;
  readonly url: string | null;
  readonly overdue: boolean;
  readonly dueLabel: string | null;
}

export interface FollowUpView {
  readonly title: string;
  readonly url: string | null;
  readonly details: string | null;
}

const SEPARATOR = ' · ';

export function buildView(input: {
  recipient: Recipient;
  day: BriefingDay;
  unsubscribeUrl: string;
  locale: Locale;
  messages: Messages;
}): BriefingView {
  const { recipient, day, messages, locale } = input;
  const f = formattersFor(locale, recipient.timeZone);
  const t = (key: TextKey, values: Record<string, string | number> = {}): string =>
    fill(messages[key] as string, values);
  const plural = (key: PluralKey, count: number): string => {
    const forms = messages[key] as Readonly<Record<string, string>>;
    const form = forms[f.pluralOf(count)] ?? forms.other!;
    return fill(form, { count: f.number(count) });
  };
  // Due today needs no date: the briefing is about today.
  const dueLabel = (due: LocalDate | undefined, overdue = false): string | null =>
    due === undefined || due === day.date
      ? null
      : t(overdue ? 'wasDue' : 'due', { date: f.shortDate(due) });

  const dateLabel = f.longDate(day.date);
  const firstName = clean(recipient.name).split(' ')[0] ?? '';
  const focus = day.focus
    ? { timeRange: timeRange(f, day.focus.start, day.focus.end), duration: duration(t, day.focus.minutes) }
    : null;

  const counts: string[] = [];
  if (day.meetings.length > 0) counts.push(plural('meetingCount', day.meetings.length));
  if (day.tasks.length > 0) counts.push(plural('taskCount', day.tasks.length));
  if (day.followUps.length > 0) counts.push(plural('followUpCount', day.followUps.length));
  if (focus) counts.push(t('focusSummary', { duration: focus.duration }));
  const summary = counts.join(SEPARATOR);

  return {
    subject: t('subject', { date: dateLabel }),
    preheader: summary,
    greeting: firstName ? t('greeting', { name: firstName }) : t('greetingNoName'),
    dateLabel,
    summary,
    hasMeetings: day.meetings.length > 0,
    meetings: day.meetings.map((m) => meetingView(m, f, t, plural)),
    hasTasks: day.tasks.length > 0,
    tasks: day.tasks.map((task: Task) => ({
      title: clean(task.title),
      url: safeUrl(task.url),
      overdue: task.overdue,
      dueLabel: dueLabel(task.due, task.overdue),
    })),
    hasFollowUps: day.followUps.length > 0,
    followUps: day.followUps.map((item: FollowUp) => ({
      title: clean(item.title),
      url: safeUrl(item.url),
      details: joined([item.from ? t('followUpFrom', { name: clean(item.from) }) : null, dueLabel(item.due)]),
    })),
    focus,
    unsubscribeUrl: input.unsubscribeUrl,
  };
}

function meetingView(
  m: Meeting,
  f: Formatters,
  t: (key: TextKey, values?: Record<string, string | number>) => string,
  plural: (key: PluralKey, count: number) => string,
): MeetingView {
  return {
    title: clean(m.title),
    allDay: m.allDay,
    timeRange: m.allDay ? '' : timeRange(f, m.start, m.end),
    location: m.location ? clean(m.location) || null : null,
    joinUrl: safeUrl(m.onlineUrl),
    details: joined([
      m.organizer ? t('organizer', { name: clean(m.organizer) }) : null,
      m.attendeeCount > 0 ? plural('attendees', m.attendeeCount) : null,
    ]),
  };
}

function timeRange(f: Formatters, start: Date, end: Date): string {
  return `${f.time(start)}\u2013${f.time(end)}`;
}

function duration(t: (key: TextKey, values?: Record<string, string | number>) => string, total: number): string {
  const hours = Math.floor(total / 60);
  const minutes = total % 60;
  if (hours === 0) return t('durationMinutes', { minutes });
  return minutes === 0 ? t('durationHours', { hours }) : t('durationHoursMinutes', { hours, minutes });
}

function joined(parts: readonly (string | null)[]): string | null {
  const present = parts.filter((p): p is string => p !== null && p !== '');
  return present.length > 0 ? present.join(SEPARATOR) : null;
}

/**
 * Whitespace runs become one space: calendar text often carries newlines and tabs, which
 * mean nothing in HTML and would break the plain-text layout.
 */
function clean(text: string): string {
  // Most titles are already clean: testing is cheaper than rebuilding the string.
  return NEEDS_CLEANING.test(text) ? text.replace(/\s+/g, ' ').trim() : text;
}

const NEEDS_CLEANING = /^\s|\s$|\s\s|[^\S ]/;

/**
 * Links come from calendars and content files we do not control: only http(s) may become an
 * href, so a `javascript:` or `data:` URL can never be clicked from a briefing.
 */
function safeUrl(url: string | undefined): string | null {
  return url !== undefined && /^https?:\/\/[^\s]+$/i.test(url) ? url : null;
}
