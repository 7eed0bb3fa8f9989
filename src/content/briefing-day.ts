import type { LocalDate } from '../time/zones.ts';

/** Everything one recipient's briefing shows for one local date. Times are instants. */
export interface BriefingDay {
  readonly date: LocalDate;
  readonly timeZone: string;
  readonly meetings: readonly Meeting[];
  readonly tasks: readonly Task[];
  readonly followUps: readonly FollowUp[];
  /** The longest free slot of at least 60 minutes inside work hours, or null. */
  readonly focus: FocusSlot | null;
  /**
   * UIDs of calendar events left out because they could not be read or cost more than the
   * reader allows (a runaway rule). Ids, not content: the worker names them in the outcome.
   */
  readonly skippedEvents?: readonly string[];
}

export interface Meeting {
  readonly title: string;
  readonly start: Date;
  readonly end: Date;
  readonly allDay: boolean;
  readonly location?: string;
  /** An http(s) link to join online (Teams, Zoom, Meet…), when the event has one. */
  readonly onlineUrl?: string;
  readonly organizer?: string;
  /** The reader organises this meeting themselves (the email then leaves "Organiser" out). */
  readonly organizerIsReader: boolean;
  /** The reader is invited and has not answered yet (their ATTENDEE has PARTSTAT=NEEDS-ACTION). */
  readonly needsReply: boolean;
  readonly attendeeCount: number;
}

export interface Task {
  readonly title: string;
  /** The local date the task is due, when it has one. */
  readonly due?: LocalDate;
  readonly overdue: boolean;
  readonly url?: string;
}

export interface FollowUp {
  readonly title: string;
  readonly from?: string;
  readonly due?: LocalDate;
  readonly url?: string;
}

export interface FocusSlot {
  readonly start: Date;
  readonly end: Date;
  readonly minutes: number;
}

/** Nothing to show means no email, as the model product does (outcome skipped:empty). */
export function isEmptyDay(day: BriefingDay): boolean {
  return day.meetings.length === 0 && day.tasks.length === 0 && day.followUps.length === 0;
}
