import type { BriefingDay, FollowUp, Meeting, Task } from '../content/briefing-day.ts';
import { zonedInstant, type LocalDate } from '../time/zones.ts';
import type { Recipient } from '../recipients/recipient.ts';
import { formattersFor, type Formatters } from './intl-cache.ts';
import { intlLocale, type Locale } from './locales.ts';
import { dayShape, type MeetingFlags } from './meeting-flags.ts';
import { fill, type Messages, type PluralKey, type TextKey } from './messages.ts';
import { DEFAULT_BRANDING, type BriefingLinks, type BriefingView, type MeetingView, type ViewBranding } from './briefing-view.ts';

export type { BriefingLinks, BriefingView, FollowUpView, MeetingView, TaskView, ViewBranding } from './briefing-view.ts';

/** With many meetings, this many are shown in full and the rest in one paragraph, so tasks and focus stay within two phone screens. */
const FULL_MEETING_ROWS = 4;
const COMPACT_FROM = 7;
/** From this many timed meetings on, the header sums the day up. */
const GLANCE_FROM = 4;

const SEPARATOR = ' · ';

type Text = (key: TextKey, values?: Record<string, string | number>) => string;
type Plural = (key: PluralKey, count: number) => string;

export function buildView(input: {
  recipient: Recipient;
  day: BriefingDay;
  links: BriefingLinks;
  branding?: ViewBranding;
  locale: Locale;
  messages: Messages;
}): BriefingView {
  const { recipient, day, messages, locale, links } = input;
  const branding = input.branding ?? DEFAULT_BRANDING;
  const f = formattersFor(intlLocale(locale, messages), day.timeZone);
  const t: Text = (key, values = {}) => fill(messages[key] as string, values);
  const plural: Plural = (key, count) => {
    const forms = messages[key] as Readonly<Record<string, string>>;
    const form = forms[f.pluralOf(count)] ?? forms.other!;
    return fill(form, { count: f.number(count) });
  };
  // Due today needs no date: the briefing is about today.
  const dueLabel = (due: LocalDate | undefined, overdue = false): string | null =>
    due === undefined || due === day.date ? null : t(overdue ? 'wasDue' : 'due', { date: f.shortDate(due) });

  const dateLabel = f.longDate(day.date);
  const firstName = clean(recipient.name).split(' ')[0] ?? '';
  const focus = day.focus
    ? { timeRange: timeRange(f, day.focus.start, day.focus.end), duration: duration(t, day.focus.minutes), bookUrl: links.focus }
    : null;

  const shape = dayShape(day.meetings, workBounds(day.date, recipient.workHours, day.timeZone));
  const rows = day.meetings.map((m, i) => meetingView(m, shape.flags[i]!, f, t, plural));
  const awaiting = rows.filter((_, i) => day.meetings[i]!.needsReply);
  const listed = rows.filter((_, i) => !day.meetings[i]!.needsReply);
  const compact = listed.length >= COMPACT_FROM;
  const timedCount = day.meetings.filter((m) => !m.allDay).length;

  const counts: string[] = [];
  if (day.meetings.length > 0) counts.push(plural('meetingCount', day.meetings.length));
  if (day.tasks.length > 0) counts.push(plural('taskCount', day.tasks.length));
  if (day.followUps.length > 0) counts.push(plural('followUpCount', day.followUps.length));
  if (focus) counts.push(t('focusSummary', { duration: focus.duration }));
  const summary = counts.join(SEPARATOR);

  const glance =
    timedCount >= GLANCE_FROM && shape.firstStart && shape.lastEnd
      ? [
          t('glanceFirst', { time: f.time(shape.firstStart) }),
          t('glanceLast', { time: f.time(shape.lastEnd) }),
          t('glanceFree', { duration: duration(t, shape.freeMinutes) }),
          ...(shape.conflicts > 0 ? [plural('conflictCount', shape.conflicts)] : []),
        ].join(SEPARATOR)
      : null;
  const more = compact ? listed.slice(FULL_MEETING_ROWS) : [];

  return {
    subject: t('subject', { date: dateLabel }),
    preheader: summary,
    greeting: firstName ? t('greeting', { name: firstName }) : t('greetingNoName'),
    dateLabel,
    summary,
    glance,
    hasAwaiting: awaiting.length > 0,
    awaiting,
    hasMeetings: listed.length > 0,
    meetings: compact ? listed.slice(0, FULL_MEETING_ROWS) : listed,
    hasMoreMeetings: more.length > 0,
    moreMeetingsLabel: more.length > 0 ? plural('moreMeetings', more.length) : '',
    // One wrapping paragraph, not a row each: the tail costs a few lines on a phone.
    moreMeetings: more.map((m, i) => ({ ...m, separator: i === 0 ? '' : SEPARATOR })),
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
    brand: { name: branding.orgName ?? t('brand'), logoUrl: branding.logoUrl ?? null },
    footerWhy: branding.orgName ? t('footerWhy', { org: branding.orgName }) : t('footerWhyNoOrg'),
    privacyUrl: branding.privacyUrl ?? null,
    unsubscribeUrl: links.unsubscribe,
    preferencesUrl: links.preferences,
  };
}

function meetingView(m: Meeting, flags: MeetingFlags, f: Formatters, t: Text, plural: Plural): MeetingView {
  return {
    title: clean(m.title),
    allDay: m.allDay,
    start: m.allDay ? '' : f.time(m.start),
    end: m.allDay ? '' : f.time(m.end),
    timeRange: m.allDay ? '' : timeRange(f, m.start, m.end),
    location: m.location ? clean(m.location) || null : null,
    joinUrl: safeUrl(m.onlineUrl),
    details: joined([
      m.organizer && !m.organizerIsReader ? t('organizer', { name: clean(m.organizer) }) : null,
      m.attendeeCount > 0 ? plural('attendees', m.attendeeCount) : null,
    ]),
    note: joined([
      flags.conflict ? t('conflictNote') : null,
      flags.runUntil ? t('backToBackNote', { time: f.time(flags.runUntil) }) : null,
      flags.outsideHours ? t('outsideHoursNote') : null,
    ]),
  };
}

// Luxon's zone maths costs ~50 µs a call, more than the rest of a light day's view: a send run
// has a few dates, zones and work hours, so each is worked out once (bounded, like intl-cache).
const workMemo = new Map<string, { start: Date; end: Date }>();

function workBounds(date: LocalDate, hours: { readonly start: string; readonly end: string }, zone: string) {
  const key = `${date}|${zone}|${hours.start}|${hours.end}`;
  let found = workMemo.get(key);
  if (!found) {
    if (workMemo.size >= 4096) workMemo.clear();
    found = { start: zonedInstant(date, hours.start, zone), end: zonedInstant(date, hours.end, zone) };
    workMemo.set(key, found);
  }
  return found;
}

function timeRange(f: Formatters, start: Date, end: Date): string {
  return `${f.time(start)}\u2013${f.time(end)}`;
}

function duration(t: Text, total: number): string {
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
