/**
 * What the templates receive: plain data, every value already a formatted string, boolean or
 * list (the view model builds it; src/render/view-model.ts).
 */

/** The signed links one briefing carries. */
export interface BriefingLinks {
  readonly unsubscribe: string;
  readonly preferences: string;
  /** The focus card's "Book this time" (null when the day has no focus block). */
  readonly focus: string | null;
}

/**
 * The organisation's face per email (config: ORG_NAME, ORG_LOGO_URL, PRIVACY_URL). ACCENT_COLOR
 * sits in inline styles, so it is compiled into the templates instead (createRenderer).
 */
export interface ViewBranding {
  readonly orgName: string | undefined;
  readonly logoUrl: string | undefined;
  readonly privacyUrl: string | undefined;
}

export const DEFAULT_BRANDING: ViewBranding = { orgName: undefined, logoUrl: undefined, privacyUrl: undefined };

/** Plain data for the templates: every value already a formatted string, boolean or list. */
export interface BriefingView {
  readonly subject: string;
  readonly preheader: string;
  readonly greeting: string;
  readonly dateLabel: string;
  readonly summary: string;
  /** "First meeting 08:00 · last ends 17:30 · 30 min free in your work hours · 1 conflict", on a busy day. */
  readonly glance: string | null;
  readonly hasAwaiting: boolean;
  readonly awaiting: readonly MeetingView[];
  readonly hasMeetings: boolean;
  readonly meetings: readonly MeetingView[];
  /** The tail of a busy day's meetings, one line each. */
  readonly hasMoreMeetings: boolean;
  readonly moreMeetingsLabel: string;
  readonly moreMeetings: readonly (MeetingView & { readonly separator: string })[];
  readonly hasTasks: boolean;
  readonly tasks: readonly TaskView[];
  readonly hasFollowUps: boolean;
  readonly followUps: readonly FollowUpView[];
  readonly focus: { readonly timeRange: string; readonly duration: string; readonly bookUrl: string | null } | null;
  readonly brand: { readonly name: string; readonly logoUrl: string | null };
  readonly footerWhy: string;
  readonly privacyUrl: string | null;
  readonly unsubscribeUrl: string;
  readonly preferencesUrl: string;
}

export interface MeetingView {
  readonly title: string;
  readonly allDay: boolean;
  readonly start: string;
  readonly end: string;
  readonly timeRange: string;
  readonly location: string | null;
  readonly joinUrl: string | null;
  readonly details: string | null;
  /** Conflict, long run or outside work hours, in words. */
  readonly note: string | null;
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
