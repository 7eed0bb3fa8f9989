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

/** Strings the view model formats per recipient (they take values); the template uses the rest. */
export const RUNTIME_KEYS = {
  text: [
    'subject', 'greeting', 'greetingNoName', 'organizer', 'due', 'wasDue', 'followUpFrom', 'focusSummary',
    'durationHoursMinutes', 'durationHours', 'durationMinutes',
  ],
  plural: ['attendees', 'meetingCount', 'taskCount', 'followUpCount'],
} as const;
export type TextKey = (typeof RUNTIME_KEYS.text)[number];
export type PluralKey = (typeof RUNTIME_KEYS.plural)[number];

export function localeFile(locale: string): string {
  return `locales/${locale}.json`;
}

export async function loadMessages(
  read: ReadTemplateFile,
  locale: Locale | string,
): Promise<{ ok: true; messages: Messages } | { ok: false; error: TemplateError }> {
  const file = localeFile(locale);
  let raw: string;
  try {
    raw = await read(file);
  } catch {
    return { ok: false, error: { file, message: `translation file missing for locale "${locale}"` } };
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    return { ok: false, error: { file, message: `not valid JSON: ${(error as Error).message}` } };
  }
  const parsed = messagesSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, error: { file, key: String(issue.path[0] ?? ''), message: `"${issue.path.join('.')}" ${issue.message}` } };
  }
  return { ok: true, messages: parsed.data };
}

/** The errors that make a locale unusable by the view model: a runtime string missing or of the wrong kind. */
export function checkRuntimeKeys(messages: Messages, locale: string): TemplateError[] {
  const errors: TemplateError[] = [];
  const file = localeFile(locale);
  for (const key of RUNTIME_KEYS.text) {
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
