import type { Meeting } from './briefing-day.ts';
import type { Occurrence, EventRecord } from './calendar-occurrences.ts';

/** node-ical gives a property as a string, `{ val, params }` when it has parameters, or an array. */
export function textOf(value: unknown): string | undefined {
  if (Array.isArray(value)) return textOf(value[0]);
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && 'val' in value) return textOf((value as { val: unknown }).val);
  return undefined;
}

function paramsOf(value: unknown): Record<string, unknown> {
  if (value && typeof value === 'object' && 'params' in value) {
    const params = (value as { params: unknown }).params;
    if (params && typeof params === 'object') return params as Record<string, unknown>;
  }
  return {};
}

export function httpUrlOf(text: string | undefined): string | undefined {
  const trimmed = text?.trim();
  if (!trimmed) return undefined;
  try {
    const url = new URL(trimmed);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

const MEETING_LINK_RE =
  /https?:\/\/(?:[\w-]+\.)*(?:teams\.microsoft\.com|teams\.live\.com|zoom\.us|zoomgov\.com|meet\.google\.com|webex\.com)(?:[/?#][^\s<>"'()[\]]*)?/i;

/**
 * The join link: a property made for it (Outlook, Google, RFC 7986 CONFERENCE), then URL,
 * then the first Teams/Zoom/Meet/Webex link written into LOCATION or DESCRIPTION.
 */
function onlineUrlOf(event: Record<string, unknown>): string | undefined {
  for (const key of ['MICROSOFT-ONLINEMEETINGURL', 'MICROSOFT-SKYPETEAMSMEETINGURL', 'GOOGLE-CONFERENCE']) {
    const url = httpUrlOf(textOf(event[key]));
    if (url) return url;
  }
  const conferences = Array.isArray(event['conference']) ? event['conference'] : [event['conference']];
  for (const conference of conferences) {
    const url = httpUrlOf(textOf(conference));
    if (url) return url;
  }
  const url = httpUrlOf(textOf(event['url']));
  if (url) return url;
  for (const key of ['location', 'description']) {
    const found = MEETING_LINK_RE.exec(textOf(event[key]) ?? '')?.[0];
    if (found) return httpUrlOf(found);
  }
  return undefined;
}

/** The address of an ORGANIZER or ATTENDEE (`mailto:ada@example.com`), lower-cased. */
function addressOf(value: unknown): string | undefined {
  const address = textOf(value)?.trim().replace(/^mailto:/i, '').toLowerCase();
  return address || undefined;
}

function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

function organizerOf(value: unknown): string | undefined {
  const cn = paramsOf(value)['CN'];
  if (typeof cn === 'string' && cn.trim()) return cn.trim().replace(/^"(.*)"$/, '$1');
  const address = textOf(value)?.trim().replace(/^mailto:/i, '');
  return address || undefined;
}

/** People invited: rooms and equipment booked as attendees are not counted. */
function attendeeCountOf(value: unknown): number {
  return listOf(value).filter((attendee) => {
    const cutype = paramsOf(attendee)['CUTYPE'];
    return !(typeof cutype === 'string' && /^(ROOM|RESOURCE)$/i.test(cutype));
  }).length;
}

/**
 * One occurrence as the briefing shows it. An override that leaves a property out inherits
 * it from the series. A missing or blank SUMMARY gives `title: ''`: the renderer shows its
 * localized "(no title)" for an empty title, which keeps Meeting.title a plain string.
 */
export function toMeeting(occurrence: Occurrence, series: EventRecord, readerEmail?: string): Meeting {
  const event: Record<string, unknown> = { ...series, ...occurrence.event };
  const location = textOf(event['location'])?.trim();
  const onlineUrl = onlineUrlOf(event);
  const organizer = organizerOf(event['organizer']);
  const reader = readerEmail?.trim().toLowerCase();
  const me = reader ? listOf(event['attendee']).find((a) => addressOf(a) === reader) : undefined;
  const partstat = me === undefined ? undefined : paramsOf(me)['PARTSTAT'];
  return {
    title: textOf(event['summary'])?.trim() ?? '',
    start: occurrence.start,
    end: occurrence.end,
    allDay: occurrence.allDay,
    ...(location && { location }),
    ...(onlineUrl && { onlineUrl }),
    ...(organizer && { organizer }),
    organizerIsReader: reader !== undefined && addressOf(event['organizer']) === reader,
    // RFC 5545 §3.2.12: an ATTENDEE without PARTSTAT has not answered either.
    needsReply: me !== undefined && (typeof partstat !== 'string' || partstat.toUpperCase() === 'NEEDS-ACTION'),
    attendeeCount: attendeeCountOf(event['attendee']),
  };
}
