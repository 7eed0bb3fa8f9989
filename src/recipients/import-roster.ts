import { readFile, stat } from 'node:fs/promises';
import { dirname, extname, resolve } from 'node:path';
import type { Recipient } from './recipient.ts';
import { ImportError, type ImportProblem } from './import-error.ts';
import { parseCsvRoster, parseJsonRoster } from './parse-roster.ts';
import { checkRecord, recordSchema } from './record-schema.ts';
import { didYouMean } from '../closest-name.ts';

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

/**
 * Every problem of a roster text, with its line and field, or the recipients. Per file: the
 * CSV header and duplicate ids; per record: `checkRecord`.
 */
export function parseRoster(
  text: string,
  opts: { format: 'json' | 'csv'; baseDir: string; file: string; defaultTimeZone: string },
): Recipient[] {
  const parsed = opts.format === 'json' ? parseJsonRoster(text) : parseCsvRoster(text);
  if (!parsed.ok) throw new ImportError(opts.file, parsed.problems);

  const schema = recordSchema(opts.defaultTimeZone);
  const known = Object.keys(schema.shape);
  const problems: ImportProblem[] = [];
  // A misspelt column is one problem, reported on the header even when all its cells are
  // empty; its cells are then left out, so that each row does not report it again.
  const unknownColumns = new Set((parsed.columns ?? []).filter((c) => !known.includes(c)));
  for (const column of unknownColumns) {
    const suggestion = didYouMean(column, known);
    problems.push({ line: 1, field: '', problem: `unknown column "${column}"${suggestion || ` (known: ${known.join(', ')})`}` });
  }
  const firstLineOf = new Map<string, number>();
  const recipients: Recipient[] = [];
  for (const record of parsed.records) {
    problems.push(...(record.problems ?? []));
    const checked = checkRecord(schema, withoutColumns(record.value, unknownColumns), record.line, opts.baseDir);
    if (!checked.ok) {
      problems.push(...checked.problems);
      continue;
    }
    const { id } = checked.recipient;
    const earlier = firstLineOf.get(id);
    if (earlier !== undefined) {
      problems.push({ line: record.line, field: 'id', problem: `"${id}" is already used on line ${earlier}` });
      continue;
    }
    firstLineOf.set(id, record.line);
    recipients.push(checked.recipient);
  }
  if (problems.length > 0) throw new ImportError(opts.file, problems);
  return recipients;
}

function withoutColumns(value: unknown, columns: ReadonlySet<string>): unknown {
  if (columns.size === 0 || typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => !columns.has(key)));
}
