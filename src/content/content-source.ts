import type { BriefingDay, Task } from './briefing-day.ts';
import type { Recipient } from '../recipients/recipient.ts';
import type { LocalDate } from '../time/zones.ts';
import { calendarDayInSlices, parseCalendar, type CalendarDay, type ParsedCalendar } from './calendar.ts';
import { contentFollowUps, contentTasksOn, parseContentFile, type ContentFile } from './content-file.ts';
import { fetchSource, DEFAULT_FETCH_TIMEOUT_MS, DEFAULT_MAX_BYTES } from './fetch-source.ts';
import { findFocusTime } from './focus-time.ts';

/** Where a briefing's content comes from: one of the two ports that pay (STYLE.md). */
export interface ContentSource {
  load(recipient: Recipient, date: LocalDate): Promise<BriefingDay>;
}

export interface ContentSourceOptions {
  readonly fetchTimeoutMs?: number;
  readonly maxBytes?: number;
  /** Told about calendar events left out because they could not be read: ids only, never content. */
  readonly onSkippedEvents?: (info: { recipientId: string; date: LocalDate; uids: readonly string[] }) => void;
}

/**
 * Parsed calendars kept per content source, keyed by their text, least recently used dropped: a team calendar shared by a whole fan-out is parsed once, an edited file is
 * a new text and so a new entry, and yesterday's calendars age out. Bounds: 64 calendars and
 * 16 M characters of text between them (a parsed calendar takes up to ~6× its text in memory,
 * so ~100 MB at the very worst; a typical one is a few KB); a text over 4 M characters is
 * parsed each time, never kept.
 */
export const MAX_CACHED_CALENDARS = 64;
export const MAX_CACHED_CALENDAR_CHARS = 16 * 1024 * 1024;
const MAX_CACHED_ONE_CALENDAR_CHARS = 4 * 1024 * 1024;

function createCalendarCache() {
  const entries = new Map<string, { calendar: ParsedCalendar; chars: number }>();
  let chars = 0;
  return async (text: string, source: string): Promise<ParsedCalendar> => {
    // The text itself is the key: exact, and cheaper than hashing it (V8 compares equal-length
    // long strings with memcmp). Keeping it costs nothing: the parse's values are slices of it.
    const key = text;
    const known = entries.get(key);
    if (known) {
      entries.delete(key);
      entries.set(key, known);
      return known.calendar;
    }
    const calendar = await parseCalendar(text, source);
    if (text.length <= MAX_CACHED_ONE_CALENDAR_CHARS && !entries.has(key)) {
      entries.set(key, { calendar, chars: text.length });
      chars += text.length;
      for (const [oldest, entry] of entries) {
        if (entries.size <= MAX_CACHED_CALENDARS && chars <= MAX_CACHED_CALENDAR_CHARS) break;
        entries.delete(oldest);
        chars -= entry.chars;
      }
    }
    return calendar;
  };
}

/**
 * Reads the recipient's calendar and content file in parallel and assembles the day.
 * Any failure to read either source rejects with a ContentError (the worker records it as
 * `failed` with the reason) rather than sending a briefing with half the day missing.
 */
export function createContentSource(options: ContentSourceOptions = {}): ContentSource {
  const timeoutMs = options.fetchTimeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (!(timeoutMs > 0)) throw new TypeError(`createContentSource: fetchTimeoutMs must be positive, got ${timeoutMs}`);
  if (!(maxBytes > 0)) throw new TypeError(`createContentSource: maxBytes must be positive, got ${maxBytes}`);

  const parsed = createCalendarCache();
  const readCalendar = async (source: string, date: LocalDate, zone: string, reader: string): Promise<CalendarDay> => {
    // The text is read every time: the cache only saves the parse of a text seen before.
    const text = await fetchSource(source, { timeoutMs, maxBytes, label: 'calendar' });
    return calendarDayInSlices(await parsed(text, source), date, zone, reader);
  };
  const readContent = async (source: string): Promise<ContentFile> =>
    parseContentFile(await fetchSource(source, { timeoutMs, maxBytes, label: 'content file' }), source);

  return {
    async load(recipient, date) {
      const zone = recipient.timeZone;
      const [calendar, content] = await Promise.all([
        recipient.calendar ? readCalendar(recipient.calendar, date, zone, recipient.email) : undefined,
        recipient.content ? readContent(recipient.content) : undefined,
      ]);
      if (calendar && calendar.skippedUids.length > 0) {
        options.onSkippedEvents?.({ recipientId: recipient.id, date, uids: calendar.skippedUids });
      }
      const meetings = calendar?.meetings ?? [];
      const tasks: Task[] = [...(calendar?.tasks ?? []), ...(content ? contentTasksOn(content, date, zone) : [])];
      return {
        date,
        timeZone: zone,
        meetings,
        tasks,
        followUps: content ? contentFollowUps(content, zone) : [],
        // Without a calendar we cannot know when the recipient is free: no suggestion.
        focus: calendar ? findFocusTime(meetings, date, zone, recipient.workHours) : null,
        skippedEvents: calendar?.skippedUids ?? [],
      };
    },
  };
}
