import type { FocusSlot } from '../content/briefing-day.ts';
import type { LocalDate } from '../time/zones.ts';
import { DateTime } from 'luxon';

/** The one URL used in the footer link, the text part and List-Unsubscribe. */
export function unsubscribeUrl(publicUrl: string, token: string): string {
  return `${publicUrl}/unsubscribe/${token}`;
}

/** The footer's Preferences link: the same token as Unsubscribe. */
export function preferencesUrl(publicUrl: string, token: string): string {
  return `${publicUrl}/preferences/${token}`;
}

/** The focus card's "Book this time": the block as local date and wall-clock times in the reader's zone. */
export function focusUrl(publicUrl: string, token: string, date: LocalDate, slot: FocusSlot, zone: string): string {
  const clock = (instant: Date) => DateTime.fromJSDate(instant, { zone }).toFormat('HH:mm');
  return `${publicUrl}/focus/${token}?date=${date}&start=${clock(slot.start)}&end=${clock(slot.end)}`;
}
