import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { writeJsonArray, writeTable } from '../../../src/cli/stream-out.ts';

async function* batches<T>(...all: T[][]): AsyncIterable<T[]> {
  for (const b of all) yield b;
}

async function written(run: (stream: PassThrough) => Promise<unknown>): Promise<string> {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (c: Buffer) => (text += c.toString()));
  await run(stream);
  return text;
}

describe('lists of any length on stdout', () => {
  it('writes one JSON array as the batches come', async () => {
    const text = await written((s) => writeJsonArray(batches([{ id: 'b' }], [], [{ id: 'a' }]), s));
    expect(JSON.parse(text)).toEqual([{ id: 'b' }, { id: 'a' }]);
    expect(JSON.parse(await written((s) => writeJsonArray(batches(), s)))).toEqual([]);
  });

  it('sorts and aligns a short table, and streams a long one in the order it comes', async () => {
    const rows = batches([['bb', 'x']], [['a', 'yy']]);
    expect(await written((s) => writeTable(['ID', 'V'], rows, { stream: s }))).toBe('ID  V\na   yy\nbb  x\n');
    const long = batches([['c', '1'], ['a', '2']], [['b', '3']]);
    expect(await written((s) => writeTable(['ID', 'V'], long, { stream: s, sortedRows: 1 }))).toBe('ID  V\nc   1\na   2\nb   3\n');
  });
});
