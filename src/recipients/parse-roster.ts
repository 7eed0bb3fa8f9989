import { parseTree, printParseErrorCode, getNodeValue, type ParseError } from 'jsonc-parser';
import { parse as parseCsv } from 'csv-parse/sync';
import type { ImportProblem } from './import-error.ts';
import { lineIndex } from '../line-index.ts';

/** One record of a roster file with the line it starts on, before validation. */
export interface LocatedRecord {
  readonly line: number;
  readonly value: unknown;
  /** Cells that could not be read (CSV): left out of `value`, so the record check does not report them again. */
  readonly problems?: readonly ImportProblem[];
}

export type ParsedRoster =
  | { ok: true; records: LocatedRecord[]; /** CSV only: the header row */ columns?: string[] }
  | { ok: false; problems: ImportProblem[] };

/** A JSON array of records; each record is located by the line its `{` is on. */
export function parseJsonRoster(text: string): ParsedRoster {
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false });
  const lineAt = lineIndex(text);
  if (errors.length > 0 || !tree) {
    const first = errors[0];
    return {
      ok: false,
      problems: [
        {
          line: first ? lineAt(first.offset) : 1,
          field: '',
          problem: first ? `invalid JSON: ${printParseErrorCode(first.error)}` : 'invalid JSON: empty file',
        },
      ],
    };
  }
  if (tree.type !== 'array') {
    return { ok: false, problems: [{ line: lineAt(tree.offset), field: '', problem: 'expected a JSON array of recipients' }] };
  }
  return {
    ok: true,
    records: (tree.children ?? []).map((node) => ({ line: lineAt(node.offset), value: getNodeValue(node) })),
  };
}

const CSV_BOOL: Record<string, boolean> = { true: true, false: false, yes: true, no: false, '1': true, '0': false };

/** CSV cells are strings; turn the ones with structure into the JSON form the schema checks. */
function csvRowToRecord(row: Record<string, string>, line: number, problems: ImportProblem[]): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const [column, raw] of Object.entries(row)) {
    const cell = raw.trim();
    if (cell === '') continue; // an empty cell means "use the default"
    if (column === 'workdays') {
      record.workdays = cell.split(/[\s,]+/).filter(Boolean);
    } else if (column === 'enabled') {
      const value = CSV_BOOL[cell.toLowerCase()];
      if (value === undefined) problems.push({ line, field: 'enabled', problem: 'expected true or false' });
      else record.enabled = value;
    } else if (column === 'workHours') {
      const m = /^(\S+)\s*-\s*(\S+)$/.exec(cell);
      if (!m) problems.push({ line, field: 'workHours', problem: 'expected start-end, e.g. 09:00-17:00' });
      else record.workHours = { start: m[1], end: m[2] };
    } else {
      record[column] = cell;
    }
  }
  return record;
}

/** A CSV file with a header row naming the record fields (`workdays` space-separated, `workHours` as 09:00-17:00). */
export function parseCsvRoster(text: string): ParsedRoster {
  let rows: { record: Record<string, string>; info: { lines: number }; raw: string }[];
  let columns: string[] = [];
  try {
    rows = parseCsv(text, {
      columns: (header: string[]) => (columns = header.map((h) => h.trim())),
      bom: true,
      info: true,
      raw: true,
      skip_empty_lines: true,
      relax_column_count: false,
    });
  } catch (err) {
    const e = err as { lines?: number; message: string };
    const message = e.message.replace(/^Invalid Record Length: /, '').replace(/ on line \d+$/, '');
    return { ok: false, problems: [{ line: e.lines ?? 1, field: '', problem: `invalid CSV: ${message}` }] };
  }
  const records = rows.map(({ record, info, raw }) => {
    const line = info.lines - (raw.replace(/\r?\n$/, '').match(/\n/g)?.length ?? 0);
    const problems: ImportProblem[] = [];
    return { line, value: csvRowToRecord(record, line, problems), problems };
  });
  return { ok: true, records, columns };
}
