import type { z } from 'zod';
import { didYouMean } from '../closest-name.ts';
import type { ImportProblem } from './import-error.ts';

/** The fields of a record and of its nested objects, for "did you mean …?". */
export type KnownFields = (path: readonly PropertyKey[]) => readonly string[];

/**
 * Zod's issues for one record, in our words, each naming its field. Zod's own messages
 * ("Invalid input: expected string, received number") are replaced; the schema's own
 * messages ("expected an IANA time zone…") are kept.
 */
export function recordProblems(issues: readonly z.core.$ZodIssue[], line: number, known: KnownFields): ImportProblem[] {
  const problems: ImportProblem[] = [];
  for (const issue of issues) {
    const field = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      // One problem per unknown key, so that each can say what it probably meant.
      for (const key of issue.keys) problems.push({ line, field, problem: `unknown field "${key}"${didYouMean(key, known(issue.path))}` });
    } else if (issue.code === 'invalid_type' && issue.path.length === 0) {
      problems.push({ line, field, problem: `expected an object with at least "id" and "email", got ${describe(issue.input)}` });
    } else if (issue.code === 'invalid_type' && issue.input === undefined) {
      problems.push({ line, field, problem: 'required' });
    } else if (issue.code === 'invalid_type' && issue.message.startsWith('Invalid input')) {
      problems.push({ line, field, problem: `expected ${article(issue.expected)}, got ${describe(issue.input)}` });
    } else {
      problems.push({ line, field, problem: issue.message });
    }
  }
  return problems;
}

function article(expected: string): string {
  return expected === 'array' ? 'a list' : expected === 'object' ? 'an object' : `a ${expected}`;
}

function describe(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'a list';
  if (typeof input === 'string') return `the text ${JSON.stringify(input.length > 40 ? `${input.slice(0, 40)}…` : input)}`;
  if (typeof input === 'number' || typeof input === 'boolean') return `${typeof input === 'number' ? 'the number' : ''} ${input}`.trim();
  return typeof input === 'object' ? 'an object' : typeof input;
}
