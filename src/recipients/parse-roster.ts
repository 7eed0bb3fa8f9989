import { parse as parseCsv } from 'csv-parse/sync';
import type { ImportProblem } from './import-error.ts';
import { createJsonRosterReader, RosterSyntaxError } from './json-roster-reader.ts';

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

/** A JSON array of records; each record is located by the line its `{` is on. The same reader as a streamed import. */
export function parseJsonRoster(text: string): ParsedRoster {
  const reader = createJsonRosterReader();
  try {
    const records = reader.push(Buffer.from(text, 'utf8'));
    reader.end();
    return { ok: true, records };
  } catch (err) {
    if (err instanceof RosterSyntaxError) return { ok: false, problems: [err.problem] };
    throw err;
  }
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

/** A row as csv-parse gives it with `info` and `raw` (CSV_OPTIONS). */
export interface CsvRow {
  readonly record: Record<string, string>;
  readonly info: { readonly lines: number };
  readonly raw: string;
}

/** csv-parse's options for a roster, with the header row read into `columns`; the same for a whole text and a stream. */
export function csvOptions(onHeader: (columns: string[]) => void) {
  return {
    columns: (header: string[]) => {
      const columns = header.map((h) => h.trim());
      onHeader(columns);
      return columns;
    },
    bom: true,
    info: true,
    raw: true,
    skip_empty_lines: true,
    relax_column_count: false,
  } as const;
}

/** One CSV row as a record, located by the line it starts on (a quoted field may span lines). */
export function csvRecord({ record, info, raw }: CsvRow): LocatedRecord {
  const line = info.lines - (raw.replace(/\r?\n$/, '').match(/\n/g)?.length ?? 0);
  const problems: ImportProblem[] = [];
  return { line, value: csvRowToRecord(record, line, problems), problems };
}

/** csv-parse's error as the problem of the file. */
export function csvSyntaxProblem(err: unknown): ImportProblem {
  const e = err as { lines?: number; message: string };
  const message = e.message.replace(/^Invalid Record Length: /, '').replace(/ on line \d+$/, '');
  return { line: e.lines ?? 1, field: '', problem: `invalid CSV: ${message}` };
}

/** A CSV file with a header row naming the record fields (`workdays` space-separated, `workHours` as 09:00-17:00). */
export function parseCsvRoster(text: string): ParsedRoster {
  let rows: CsvRow[];
  let columns: string[] = [];
  try {
    rows = parseCsv(text, csvOptions((c) => (columns = c))) as unknown as CsvRow[];
  } catch (err) {
    return { ok: false, problems: [csvSyntaxProblem(err)] };
  }
  return { ok: true, records: rows.map(csvRecord), columns };
}
