import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import { z } from 'zod';
import type { Locale } from './locales.ts';
import type { TemplateError } from './template-error.ts';
import type { ReadTemplateFile } from './template-files.ts';

// One line, and no `{{`: a translation is text, never template code.
const text = z
  .string()
  .refine((s) => !s.includes('\n'), 'must be one line')
  .refine((s) => !s.includes('{{'), 'must not contain "{{"');
const plural = z.object({ one: text, other: text }).catchall(text);
const messagesSchema = z.record(z.string(), z.union([text, plural]));

export type PluralMessage = z.infer<typeof plural>;
export type Messages = Readonly<Record<string, string | PluralMessage>>;

/** Strings the code formats (the view model per recipient, the pages per request); the templates use the rest. */
export const RUNTIME_KEYS = {
  text: [
    'subject', 'greeting', 'greetingNoName', 'organizer', 'due', 'wasDue', 'followUpFrom', 'focusSummary',
    'durationHoursMinutes', 'durationHours', 'durationMinutes', 'glanceFirst', 'glanceLast', 'glanceFree',
    'conflictNote', 'backToBackNote', 'outsideHoursNote', 'footerWhy', 'footerWhyNoOrg', 'brand',
  ],
  plural: ['attendees', 'meetingCount', 'taskCount', 'followUpCount', 'conflictCount', 'moreMeetings'],
  /** The recipient pages' words (src/http/): unsubscribe, preferences, focus booking, and what they share. */
  page: [
    'page.invalidTitle', 'page.invalidBody', 'page.unavailableTitle', 'page.unavailableBody',
    'page.retryButton', 'page.tooLargeTitle', 'page.tooLargeBody', 'page.methodTitle', 'page.methodBody',
    'unsubscribe.confirmTitle', 'unsubscribe.confirmBody', 'unsubscribe.confirmButton',
    'unsubscribe.doneTitle', 'unsubscribe.doneBody', 'unsubscribe.undoPrompt', 'unsubscribe.undoButton',
    'unsubscribe.alreadyTitle', 'unsubscribe.alreadyBody', 'unsubscribe.resubscribeButton',
    'unsubscribe.resubscribedTitle', 'unsubscribe.resubscribedBody', 'unsubscribe.unsubscribeAgainButton',
    'unsubscribe.adminOffTitle', 'unsubscribe.adminOffBody', 'preferences.title', 'preferences.intro',
    'preferences.sendAt', 'preferences.timeZone', 'preferences.workdays', 'preferences.language',
    'preferences.sections', 'preferences.pause', 'preferences.pauseHint', 'preferences.save',
    'preferences.savedTitle', 'preferences.savedBody', 'preferences.pausedNote', 'preferences.optedOutNote',
    'preferences.adminOffNote', 'preferences.orgOffSection', 'preferences.edit', 'preferences.invalidTitle', 'preferences.errorSendAt',
    'preferences.errorTimeZone', 'preferences.errorWorkdays', 'preferences.errorLanguage',
    'preferences.errorSections', 'preferences.errorPause', 'focus.confirmTitle', 'focus.confirmBody',
    'focus.button', 'focus.sentTitle', 'focus.sentBody', 'focus.alreadyTitle', 'focus.alreadyBody',
    'focus.badBlockTitle', 'focus.malformedBody', 'focus.pastBody', 'focus.outsideBody',
    'focus.sendFailedTitle', 'focus.sendFailedBody', 'focus.inviteSubject', 'focus.inviteSummary',
    'focus.inviteDescription',
  ],
} as const;
export type TextKey = (typeof RUNTIME_KEYS.text)[number];
export type PluralKey = (typeof RUNTIME_KEYS.plural)[number];

export function localeFile(locale: string): string {
  return `locales/${locale}.json`;
}

export async function loadMessages(
  read: ReadTemplateFile,
  locale: Locale,
): Promise<{ ok: true; messages: Messages } | { ok: false; error: TemplateError }> {
  const file = localeFile(locale);
  let raw: string;
  try {
    raw = await read(file);
  } catch {
    return { ok: false, error: { file, message: `translation file missing for locale "${locale}"` } };
  }
  return parseMessages(raw, file);
}

/** One locale file's text → its messages, or the first problem with the line it is on. */
export function parseMessages(raw: string, file: string): { ok: true; messages: Messages } | { ok: false; error: TemplateError } {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    return { ok: false, error: { file, message: `not valid JSON: ${(error as Error).message}` } };
  }
  const parsed = messagesSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = String(issue.path[0] ?? '');
    return { ok: false, error: { file, key, line: keyLine(raw, key), message: `"${issue.path.join('.')}" ${issue.message}` } };
  }
  return { ok: true, messages: parsed.data };
}

/** The 1-based line of a top-level key in a locale file, for messages that point at it. */
export function keyLine(raw: string, key: string): number | undefined {
  const tree = parseTree(raw);
  const node = tree ? findNodeAtLocation(tree, [key]) : undefined;
  const offset = node?.parent?.offset;
  return offset === undefined ? undefined : raw.slice(0, offset).split('\n').length;
}

/** The errors that make a locale unusable by the view model: a runtime string missing or of the wrong kind. */
export function checkRuntimeKeys(messages: Messages, locale: string): TemplateError[] {
  const errors: TemplateError[] = [];
  const file = localeFile(locale);
  for (const key of [...RUNTIME_KEYS.text, ...RUNTIME_KEYS.page]) {
    if (typeof messages[key] !== 'string') errors.push({ file, key, message: `missing translation "${key}" (a string)` });
  }
  for (const key of RUNTIME_KEYS.plural) {
    if (typeof messages[key] !== 'object') {
      errors.push({ file, key, message: `missing translation "${key}" (an object of plural forms: one, other…)` });
    }
  }
  return errors;
}

/**
 * Fills `{name}` placeholders. Values are plain text; escaping is the template's job.
 * Each distinct string is split into its parts once: `fill` runs a few dozen times per
 * briefing on the same few translation strings.
 */
export function fill(template: string, values: Readonly<Record<string, string | number>>): string {
  let parts = parsedStrings.get(template);
  if (!parts) {
    if (parsedStrings.size >= 1024) parsedStrings.clear();
    parts = template.split(/\{(\w+)\}/);
    parsedStrings.set(template, parts);
  }
  let out = parts[0]!;
  // Odd indexes are placeholder names, even ones the text between them.
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i]!;
    out += (name in values ? String(values[name]) : `{${name}}`) + parts[i + 1]!;
  }
  return out;
}

const parsedStrings = new Map<string, string[]>();
