import { closest } from './did-you-mean.ts';
import { redactUrl } from './redact.ts';

/** The parts of a zod issue a config message is built from. */
export interface ConfigIssue {
  readonly code: string;
  readonly message: string;
  readonly values?: readonly unknown[];
}

// Values never shown in an error: they are secrets, whole.
const SECRET = /KEYS|TOKEN|PASSWORD|SECRET|PRIVATE_KEY$/;

/** A variable's value as an error may show it: secrets hidden, credentials out of URLs. */
export function shownValue(variable: string, value: string | undefined): string {
  if (value === undefined) return '(unset)';
  if (SECRET.test(variable)) return '(hidden)';
  // Only a URL with userinfo or a query can hold a credential; others are shown as typed,
  // so that a typo stays visible.
  const shown = /:\/\/.*[@?]/s.test(value) ? value.replace(/[a-z][a-z0-9+.-]*:\/\/[^\s,]+/gi, redactUrl) : value;
  return JSON.stringify(shown);
}

/**
 * One problem as a sentence: the variable, its value, what is allowed, and for a list of
 * allowed values the closest one: `LOG_LEVEL="warning": must be one of fatal, error, warn,
 * info, debug, trace, silent (did you mean "warn"?)`.
 */
export function describeProblem(variable: string, value: string | undefined, issue: ConfigIssue, allowed: string | undefined): string {
  const prefix = `${variable}=${shownValue(variable, value)}`;
  if (issue.code === 'invalid_value' && issue.values) {
    const values = issue.values.map(String);
    const guess = value === undefined ? undefined : closest(value, values);
    return `${prefix}: must be one of ${values.join(', ')}${guess ? ` (did you mean "${guess}"?)` : ''}`;
  }
  // Without a description, zod's own words ("Too big: expected number to be <=65535") are all there is.
  return `${prefix}: must be ${allowed ?? issue.message}`;
}
