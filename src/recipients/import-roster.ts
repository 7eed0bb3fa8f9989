import { readFile, stat } from 'node:fs/promises';
import { dirname, extname, resolve } from 'node:path';
import type { Recipient } from './recipient.ts';
import { ImportError, type ImportProblem } from './import-error.ts';
import { parseCsvRoster, parseJsonRoster } from './parse-roster.ts';
import { recordSchema, toRecipient } from './record-schema.ts';

// A roster of a million people in CSV is about 150 MB; past this, something is wrong with the file.
const MAX_ROSTER_BYTES = 512 * 1024 * 1024;

/**
 * Reads and validates a roster file. Every problem in the file is reported (with its line)
 * and none of it is returned unless all of it is valid: an import is all or nothing.
 */
export async function readRosterFile(file: string, opts: { defaultTimeZone: string }): Promise<Recipient[]> {
  const path = resolve(file);
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch {
    throw new ImportError(file, [{ line: 1, field: '', problem: 'cannot read the file (does it exist?)' }]);
  }
  if (size > MAX_ROSTER_BYTES) {
    throw new ImportError(file, [{ line: 1, field: '', problem: `the file is ${Math.round(size / 1e6)} MB; the limit is 512 MB` }]);
  }
  const text = await readFile(path, 'utf8');
  return parseRoster(text, { format: detectFormat(path, text), baseDir: dirname(path), file, defaultTimeZone: opts.defaultTimeZone });
}

function detectFormat(path: string, text: string): 'json' | 'csv' {
  const ext = extname(path).toLowerCase();
  if (ext === '.json') return 'json';
  if (ext === '.csv') return 'csv';
  return /^\uFEFF?\s*\[/.test(text) ? 'json' : 'csv';
}

export function parseRoster(
  text: string,
  opts: { format: 'json' | 'csv'; baseDir: string; file: string; defaultTimeZone: string },
): Recipient[] {
  const parsed = opts.format === 'json' ? parseJsonRoster(text) : parseCsvRoster(text);
  if (!parsed.ok) throw new ImportError(opts.file, parsed.problems);

  const schema = recordSchema(opts.defaultTimeZone);
  const problems: ImportProblem[] = [];
  // A misspelt CSV column is refused even when all its cells are empty (empty cells are
  // dropped before the records are checked, so the record check alone would miss it).
  const unknownColumns = (parsed.columns ?? []).filter((c) => !(c in schema.shape));
  if (unknownColumns.length > 0) {
    problems.push({
      line: 1,
      field: '',
      problem: `unknown column${unknownColumns.length > 1 ? 's' : ''} ${unknownColumns.map((c) => `"${c}"`).join(', ')} (known: ${Object.keys(schema.shape).join(', ')})`,
    });
  }
  const firstLineOf = new Map<string, number>();
  const recipients: Recipient[] = [];
  for (const { line, value } of parsed.records) {
    const result = schema.safeParse(value);
    if (!result.success) {
      for (const issue of result.error.issues) {
        const field = issue.path.join('.');
        const problem =
          issue.code === 'unrecognized_keys'
            ? `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`
            : issue.code === 'invalid_type' && issue.input === undefined
              ? 'required'
              : issue.code === 'invalid_type' && issue.path.length === 0
                ? 'expected an object with at least "id" and "email"'
                : issue.message;
        problems.push({ line, field, problem });
      }
      continue;
    }
    const earlier = firstLineOf.get(result.data.id);
    if (earlier !== undefined) {
      problems.push({ line, field: 'id', problem: `"${result.data.id}" is already used on line ${earlier}` });
      continue;
    }
    firstLineOf.set(result.data.id, line);
    recipients.push(toRecipient(result.data, opts.baseDir));
  }
  if (problems.length > 0) throw new ImportError(opts.file, problems);
  return recipients;
}
