import { once } from 'node:events';
import { open, rename, unlink } from 'node:fs/promises';
import { UsageError } from './cli-context.ts';
import { write } from './stream-out.ts';
import { csvLine } from '../csv-line.ts';


/** Rows held before they are written: a few dozen kB at a time, never the whole export. */
const CHUNK = 64 * 1024;

/**
 * Writes CSV rows as they come, to stdout or (`output`) to a file. A file is written under a
 * temporary name beside it and renamed once complete, so that an export cut short never
 * leaves a partial file that looks whole. Returns how many rows (without the header).
 */
export async function writeCsv(header: readonly string[], rows: AsyncIterable<readonly (readonly string[])[]>, output?: string): Promise<number> {
  const partial = output ? `${output}.${process.pid}.partial` : null;
  let stream: NodeJS.WritableStream = process.stdout;
  if (partial) {
    try {
      stream = (await open(partial, 'w')).createWriteStream();
    } catch (err) {
      throw new UsageError(`--output ${output}: cannot write there (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}) — nothing written`);
    }
  }
  let failed: Error | undefined;
  if (partial) stream.on('error', (err: Error) => (failed = err));
  let count = 0;
  try {
    let text = csvLine(header);
    for await (const batch of rows) {
      for (const row of batch) text += csvLine(row);
      count += batch.length;
      if (text.length > CHUNK) {
        await write(text, stream);
        text = '';
      }
    }
    await write(text, stream);
    if (partial && output) {
      stream.end();
      await once(stream, 'close');
      if (failed) throw failed;
      await rename(partial, output);
    }
  } catch (err) {
    if (partial) {
      stream.end();
      await unlink(partial).catch(() => undefined);
    }
    throw err;
  }
  return count;
}
