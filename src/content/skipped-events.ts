/** How many left-out events an outcome names, and how much of each UID it keeps. */
export const MAX_NAMED_EVENTS = 5;
export const MAX_UID_CHARS = 80;

/**
 * The outcome reason for calendar events left out of a briefing: "left out 2 calendar
 * events that could not be read: UID, UID". UIDs are ids, not content, but they come from a
 * feed: only printable ASCII is kept, each cut at 80 characters, at most 5 named.
 */
export function describeSkippedEvents(uids: readonly string[] | undefined): string | undefined {
  if (!uids || uids.length === 0) return undefined;
  const named = uids.slice(0, MAX_NAMED_EVENTS).map((uid) => {
    const clean = uid.replace(/[^\x20-\x7e]/g, '?');
    return clean.length > MAX_UID_CHARS ? `${clean.slice(0, MAX_UID_CHARS - 1)}…` : clean;
  });
  const more = uids.length > named.length ? ` and ${uids.length - named.length} more` : '';
  const noun = uids.length === 1 ? 'event' : 'events';
  return `left out ${uids.length} calendar ${noun} that could not be read: ${named.join(', ')}${more}`;
}
