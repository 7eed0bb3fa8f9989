import type { BriefingDay } from '../content/briefing-day.ts';
import { SECTIONS, type Section } from '../preferences/preferences.ts';
import type { Recipient } from '../recipients/recipient.ts';

/**
 * The parts of the briefing an admin can turn off for everyone, by the names the CLI and the
 * admin API use. "invitations" is the "Awaiting your reply" section: those meetings stay in
 * the day's list, unmarked. "meetings" takes every meeting, invitations included.
 */
export const ORG_SECTIONS = ['invitations', 'meetings', 'tasks', 'follow-ups', 'focus-time'] as const;
export type OrgSection = (typeof ORG_SECTIONS)[number];

/** The organisation-wide data controls (`briefing org`, `/admin/api/org`). */
export interface OrgSettings {
  /** Sections left out of everyone's briefing, in ORG_SECTIONS order. */
  readonly sectionsOff: readonly OrgSection[];
  /** False: no http(s) calendar or content feed is fetched (local files are still read). */
  readonly remoteFeeds: boolean;
}

/** What a change asks for; what it leaves out stays as it is. */
export interface OrgSettingsChange {
  readonly off?: readonly OrgSection[];
  readonly on?: readonly OrgSection[];
  readonly remoteFeeds?: boolean;
}

export const ALL_ON: OrgSettings = { sectionsOff: [], remoteFeeds: true };

export const isOrgSection = (name: string): name is OrgSection => (ORG_SECTIONS as readonly string[]).includes(name);

/**
 * Checks a list of section names (from a CLI option or a JSON body): every unknown name at
 * once, each with the list of valid ones. Duplicates are dropped; order follows ORG_SECTIONS.
 */
export function checkSections(names: readonly string[], field: string): { ok: true; sections: OrgSection[] } | { ok: false; problems: string[] } {
  const unknown = names.filter((n) => !isOrgSection(n));
  if (unknown.length > 0) {
    return {
      ok: false,
      problems: unknown.map((n) => `${field}: no section ${JSON.stringify(n)}; the sections are ${ORG_SECTIONS.join(', ')}`),
    };
  }
  return { ok: true, sections: ORG_SECTIONS.filter((s) => names.includes(s)) };
}

/** Problems of a change as a whole: a section both turned off and on. */
export function changeProblems(change: OrgSettingsChange): string[] {
  const both = (change.off ?? []).filter((s) => (change.on ?? []).includes(s));
  return both.map((s) => `section ${s} is both turned off and on: name it once`);
}

const isRemote = (source: string | undefined): boolean => source !== undefined && /^https?:\/\//i.test(source);

/** The recipient as the content source should read them: without remote feeds, their http(s) sources are not there. */
export function withoutRemoteFeeds(recipient: Recipient, settings: OrgSettings): Recipient {
  if (settings.remoteFeeds) return recipient;
  const { calendar, content, ...rest } = recipient;
  return {
    ...rest,
    ...(calendar !== undefined && !isRemote(calendar) ? { calendar } : {}),
    ...(content !== undefined && !isRemote(content) ? { content } : {}),
  };
}

/** The day without the sections the organisation turned off. An org switch-off wins over a recipient's own choice. */
export function withoutOrgSections(day: BriefingDay, settings: OrgSettings): BriefingDay {
  if (settings.sectionsOff.length === 0) return day;
  const off = (s: OrgSection) => settings.sectionsOff.includes(s);
  const meetings = off('meetings') ? [] : off('invitations') ? day.meetings.map((m) => (m.needsReply ? { ...m, needsReply: false } : m)) : day.meetings;
  return {
    ...day,
    meetings,
    tasks: off('tasks') ? [] : day.tasks,
    followUps: off('follow-ups') ? [] : day.followUps,
    focus: off('focus-time') ? null : day.focus,
  };
}

// The preferences page's checkbox of each section (invitations has none: it is part of meetings).
const PREFERENCE_SECTION: Readonly<Record<OrgSection, Section | null>> = { invitations: null, meetings: 'meetings', tasks: 'tasks', 'follow-ups': 'followUps', 'focus-time': 'focus' };

/** The preferences page's sections the organisation turned off: shown disabled, and a save keeps the person's own choice of them. */
export const orgOffPreferenceSections = (settings: OrgSettings): Section[] =>
  SECTIONS.filter((s) => settings.sectionsOff.some((o) => PREFERENCE_SECTION[o] === s));

/** One line for people: `briefing org show`, the preview. */
export function describeOrgSettings(settings: OrgSettings): string {
  const sections = settings.sectionsOff.length === 0 ? 'every section on' : `sections off for everyone: ${settings.sectionsOff.join(', ')}`;
  return `${sections}; remote feeds (http(s) calendars and content files) ${settings.remoteFeeds ? 'on' : 'off: not fetched'}`;
}
