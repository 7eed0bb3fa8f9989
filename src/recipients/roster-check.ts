import type { ImportProblem } from './import-error.ts';
import type { LocatedRecord } from './parse-roster.ts';
import type { Recipient } from './recipient.ts';
import { checkRecord, recordSchema } from './record-schema.ts';
import { createIdSet, type IdSet } from './id-set.ts';
import { didYouMean } from '../closest-name.ts';

/** Problems kept word for word; past this they are only counted (the error shows the first 50). */
const KEPT_PROBLEMS = 1000;

export interface RosterCheck {
  /** The CSV header (a misspelt column is refused even when all its cells are empty). */
  columns(columns: readonly string[]): void;
  /** One record in file order: the recipient, or undefined when it has a problem. */
  record(record: LocatedRecord): Recipient | undefined;
  /** The first problems, in line order, and how many there are in all. */
  readonly problems: readonly ImportProblem[];
  readonly problemCount: number;
  /** Records seen. */
  readonly records: number;
  /** The ids seen so far (null when duplicates are not checked): what `--sync` keeps. */
  readonly ids: IdSet | null;
}

/**
 * The rules of an import, fed one record at a time so that a file of any size is checked in
 * constant memory: per file, the CSV header and duplicate ids (kept in a compact id set);
 * per record, `checkRecord`. Every problem is counted; the first thousand are kept.
 */
export function createRosterCheck(opts: { defaultTimeZone: string; baseDir: string; /** false: a file already checked, read again to write it */ duplicates?: boolean }): RosterCheck {
  const schema = recordSchema(opts.defaultTimeZone);
  const problems: ImportProblem[] = [];
  let problemCount = 0;
  let records = 0;
  const ids = opts.duplicates === false ? null : createIdSet();
  const known = Object.keys(schema.shape);
  let unknownColumns: ReadonlySet<string> = new Set();
  const report = (found: readonly ImportProblem[]) => {
    problemCount += found.length;
    for (const p of found) if (problems.length < KEPT_PROBLEMS) problems.push(p);
  };
  return {
    columns(columns) {
      // A misspelt column is one problem, reported on the header even when all its cells are
      // empty; its cells are then left out, so that each row does not report it again.
      unknownColumns = new Set(columns.filter((c) => !known.includes(c)));
      report([...unknownColumns].map((column) => ({
        line: 1,
        field: '',
        problem: `unknown column "${column}"${didYouMean(column, known) || ` (known: ${known.join(', ')})`}`,
      })));
    },
    record(record) {
      records += 1;
      report(record.problems ?? []);
      const checked = checkRecord(schema, withoutColumns(record.value, unknownColumns), record.line, opts.baseDir);
      if (!checked.ok) {
        report(checked.problems);
        return undefined;
      }
      const { id } = checked.recipient;
      const earlier = ids?.firstLineOf(id, record.line);
      if (earlier !== undefined) {
        report([{ line: record.line, field: 'id', problem: `"${id}" is already used on line ${earlier}` }]);
        return undefined;
      }
      return record.problems?.length ? undefined : checked.recipient;
    },
    get problems() {
      return problems;
    },
    get problemCount() {
      return problemCount;
    },
    get records() {
      return records;
    },
    ids,
  };
}

function withoutColumns(value: unknown, columns: ReadonlySet<string>): unknown {
  if (columns.size === 0 || typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => !columns.has(key)));
}
