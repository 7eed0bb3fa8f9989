import type { BriefingDay, Task } from './briefing-day.ts';
import type { Recipient } from '../recipients/recipient.ts';
import type { LocalDate } from '../time/zones.ts';
import { calendarDay, parseCalendar, type CalendarDay, type ParsedCalendar } from './calendar.ts';
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

/** Parsed calendars kept per content source, least recently used dropped: a parsed busy year
 * (~500 events, 130 KB) holds about 0.6 MB, so at most ~25 MB with the texts. */
const MAX_CACHED_CALENDARS = 32;
const MAX_CACHED_CALENDAR_CHARS = 1024 * 1024;

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

  const parsed = new Map<string, { text: string; calendar: ParsedCalendar }>();
  const readCalendar = async (source: string, date: LocalDate, zone: string, reader: string): Promise<CalendarDay> => {
    const text = await fetchSource(source, { timeoutMs, maxBytes, label: 'calendar' });
    // A shared team calendar is read by many recipients: parse each text once. The file is
    // still read every time and the cached parse is used only for the very same text, so an
    // edited calendar is never served stale.
    const known = parsed.get(source);
    if (known && known.text === text) {
      parsed.delete(source);
      parsed.set(source, known);
      return calendarDay(known.calendar, date, zone, reader);
    }
    const calendar = await parseCalendar(text, source);
    if (text.length <= MAX_CACHED_CALENDAR_CHARS) {
      parsed.delete(source);
      parsed.set(source, { text, calendar });
      if (parsed.size > MAX_CACHED_CALENDARS) parsed.delete(parsed.keys().next().value!);
    }
    return calendarDay(calendar, date, zone, reader);
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
      };
    },
  };
}
