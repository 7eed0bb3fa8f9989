import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { extname } from 'node:path';
import { parse as csvParser } from 'csv-parse';
import { createJsonRosterReader, RosterSyntaxError } from './json-roster-reader.ts';
import { csvOptions, csvRecord, csvSyntaxProblem, type CsvRow, type LocatedRecord } from './parse-roster.ts';

export type RosterFormat = 'json' | 'csv';

/** What a roster file holds, in file order: the CSV header once (before its rows), then the records. */
export type RosterItem = { readonly columns: string[] } | { readonly record: LocatedRecord };

/** By extension; otherwise a file whose first character (after a byte-order mark and blanks) is `[` is JSON. */
export async function detectFormat(path: string): Promise<RosterFormat> {
  const ext = extname(path).toLowerCase();
  if (ext === '.json') return 'json';
  if (ext === '.csv') return 'csv';
  const file = await open(path);
  try {
    const { buffer, bytesRead } = await file.read(Buffer.alloc(1024), 0, 1024, 0);
    return /^\uFEFF?\s*\[/.test(buffer.subarray(0, bytesRead).toString('utf8')) ? 'json' : 'csv';
  } finally {
    await file.close();
  }
}

/**
 * The items of a roster file, read a chunk at a time: a file of any size is parsed in
 * constant memory. `onBytes` hears how many bytes have been read so far. A file that cannot
 * be parsed throws RosterSyntaxError with the line of its first fault.
 */
export async function* readRoster(path: string, format: RosterFormat, onBytes: (read: number) => void = () => undefined): AsyncGenerator<RosterItem> {
  let read = 0;
  const input = createReadStream(path, { highWaterMark: 256 * 1024 });
  input.on('data', (chunk) => onBytes((read += chunk.length)));
  if (format === 'json') {
    const reader = createJsonRosterReader();
    for await (const chunk of input) for (const record of reader.push(chunk as Buffer)) yield { record };
    reader.end();
    return;
  }
  let header: string[] | undefined;
  let headerGiven = false;
  const rows = input.pipe(csvParser(csvOptions((columns) => (header = columns))));
  input.on('error', (err) => rows.destroy(err));
  try {
    for await (const row of rows) {
      if (!headerGiven && header) {
        headerGiven = true;
        yield { columns: header };
      }
      yield { record: csvRecord(row as CsvRow) };
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code?.startsWith('CSV_')) throw new RosterSyntaxError(csvSyntaxProblem(err));
    throw err;
  } finally {
    input.destroy();
  }
  if (!headerGiven && header) yield { columns: header };
}
