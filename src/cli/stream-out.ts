import { once } from 'node:events';

/**
 * Writes to stdout and waits when the reader is slower (a pipe to `less`, a slow disk), so
 * that a million rows are never all buffered in this process.
 */
export async function write(text: string, stream: NodeJS.WritableStream = process.stdout): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

/**
 * `--json` of a list of any length: one JSON array on stdout, written as the items come, in
 * the order they come.
 */
export async function writeJsonArray<T>(items: AsyncIterable<readonly T[]>, stream: NodeJS.WritableStream = process.stdout): Promise<number> {
  let count = 0;
  await write('[', stream);
  for await (const batch of items) {
    let text = '';
    for (const item of batch) text += `${count++ === 0 ? '\n' : ',\n'}  ${JSON.stringify(item)}`;
    if (text) await write(text, stream);
  }
  await write(count === 0 ? ']\n' : '\n]\n', stream);
  return count;
}

/** Rows sorted and aligned up to this many; past it, they go out as they come (see `writeTable`). */
export const SORTED_ROWS = 10_000;

type Row = readonly string[];

const byFirstCell = (a: Row, b: Row) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : 0);

/**
 * A table of any length: up to `sortedRows` rows are sorted (by their first cell, or
 * `order`) and aligned as one table (the common case, and what a person reads); a longer list
 * goes out in the order it comes, aligned to the widths of its first rows, so that memory
 * stays bounded. Returns how many rows there were and whether they were sorted.
 */
export async function writeTable(
  header: Row,
  rows: AsyncIterable<readonly Row[]>,
  opts: { order?: (a: Row, b: Row) => number; sortedRows?: number; stream?: NodeJS.WritableStream } = {},
): Promise<{ count: number; sorted: boolean }> {
  const { order = byFirstCell, sortedRows = SORTED_ROWS, stream = process.stdout } = opts;
  let held: Row[] | null = [];
  let widths: number[] = [];
  let count = 0;
  const line = (row: Row) => `${row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ')}\n`;
  const lines = (all: readonly Row[]) => all.map(line).join('');
  const measure = (all: readonly Row[]) => {
    widths = header.map((_, i) => all.reduce((w, r) => Math.max(w, r[i]?.length ?? 0), 0));
  };
  for await (const batch of rows) {
    count += batch.length;
    if (held === null) {
      await write(lines(batch), stream);
      continue;
    }
    held.push(...batch);
    if (held.length <= sortedRows) continue;
    measure([header, ...held]);
    await write(lines([header, ...held]), stream);
    held = null;
  }
  if (held === null) return { count, sorted: false };
  if (count > 0) {
    held.sort(order);
    measure([header, ...held]);
    await write(lines([header, ...held]), stream);
  }
  return { count, sorted: true };
}
