import type { Meeting } from './briefing-day.ts';
import type { IcsComponent, IcsProperty } from './ical/ics-parse.ts';
import { unescapeText } from './ical/ics-values.ts';
import type { Occurrence } from './ical/occurrences.ts';
import { firstProp } from './ical/series.ts';

/** The first property `name` of the occurrence, else of the series (an override inherits what it leaves out). */
function propOf(occurrence: IcsComponent, series: IcsComponent, name: string): IcsProperty | undefined {
  return firstProp(occurrence, name) ?? (occurrence === series ? undefined : firstProp(series, name));
}

export const textOf = (property: IcsProperty | undefined): string | undefined =>
  property === undefined ? undefined : unescapeText(property.value);

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
function onlineUrlOf(prop: (name: string) => IcsProperty | undefined, conferences: readonly IcsProperty[]): string | undefined {
  for (const key of ['X-MICROSOFT-ONLINEMEETINGURL', 'X-MICROSOFT-SKYPETEAMSMEETINGURL', 'X-GOOGLE-CONFERENCE']) {
    const url = httpUrlOf(textOf(prop(key)));
    if (url) return url;
  }
  for (const conference of conferences) {
    const url = httpUrlOf(conference.value);
    if (url) return url;
  }
  const url = httpUrlOf(textOf(prop('URL')));
  if (url) return url;
  for (const key of ['LOCATION', 'DESCRIPTION']) {
    const found = MEETING_LINK_RE.exec(textOf(prop(key)) ?? '')?.[0];
    if (found) return httpUrlOf(found);
  }
  return undefined;
}

/** The address of an ORGANIZER or ATTENDEE (`mailto:ada@example.com`), lower-cased. */
function addressOf(property: IcsProperty | undefined): string | undefined {
  const address = property?.value.trim().replace(/^mailto:/i, '').toLowerCase();
  return address || undefined;
}

function organizerOf(property: IcsProperty | undefined): string | undefined {
  const cn = property?.params?.['CN']?.trim();
  if (cn) return cn;
  const address = property?.value.trim().replace(/^mailto:/i, '');
  return address || undefined;
}

/** People invited: rooms and equipment booked as attendees are not counted. */
const isPerson = (attendee: IcsProperty): boolean => !/^(ROOM|RESOURCE)$/i.test(attendee.params?.['CUTYPE'] ?? '');

const all = (occurrence: IcsComponent, series: IcsComponent, name: string): IcsProperty[] => {
  const own = occurrence.props.filter((p) => p.name === name);
  return own.length > 0 || occurrence === series ? own : series.props.filter((p) => p.name === name);
};

/**
 * One occurrence as the briefing shows it. An override that leaves a property out inherits
 * it from the series. A missing or blank SUMMARY gives `title: ''`: the renderer shows its
 * localized "(no title)" for an empty title, which keeps Meeting.title a plain string.
 */
export function toMeeting(occurrence: Occurrence, series: IcsComponent, readerEmail?: string): Meeting {
  const prop = (name: string): IcsProperty | undefined => propOf(occurrence.event, series, name);
  const location = textOf(prop('LOCATION'))?.trim();
  const onlineUrl = onlineUrlOf(prop, all(occurrence.event, series, 'CONFERENCE'));
  const organizerProp = prop('ORGANIZER');
  const organizer = organizerOf(organizerProp);
  const attendees = all(occurrence.event, series, 'ATTENDEE');
  const reader = readerEmail?.trim().toLowerCase();
  const me = reader ? attendees.find((a) => addressOf(a) === reader) : undefined;
  const partstat = me?.params?.['PARTSTAT'];
  return {
    title: textOf(prop('SUMMARY'))?.trim() ?? '',
    start: occurrence.start,
    end: occurrence.end,
    allDay: occurrence.allDay,
    ...(location && { location }),
    ...(onlineUrl && { onlineUrl }),
    ...(organizer && { organizer }),
    organizerIsReader: reader !== undefined && addressOf(organizerProp) === reader,
    // RFC 5545 §3.2.12: an ATTENDEE without PARTSTAT has not answered either.
    needsReply: me !== undefined && (partstat === undefined || partstat.toUpperCase() === 'NEEDS-ACTION'),
    attendeeCount: attendees.filter(isPerson).length,
  };
}
