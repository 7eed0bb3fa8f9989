import { describe, expect, it } from 'vitest';
import { createJsonRosterReader } from '../../../src/recipients/json-roster-reader.ts';

/** Feeds `text` in chunks of `size` bytes, as a file stream would; returns the records or the error. */
function read(text: string, size: number) {
  const reader = createJsonRosterReader();
  const bytes = Buffer.from(text, 'utf8');
  const records = [];
  try {
    for (let i = 0; i < bytes.length; i += size) records.push(...reader.push(bytes.subarray(i, i + size)));
    reader.end();
    return { records };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

const ROSTER = '\uFEFF[\n  {"id": "u-1", "name": "Zoë \\"the first\\" {x}"},\n\n  {"id": "u-2",\n   "workdays": ["mon", "tue"]},\n  "not an object"\n]\n';

describe('reading a JSON roster a chunk at a time', () => {
  it.each([1, 2, 3, 7, 1024])('gives each record with the line it starts on, in chunks of %i bytes', (size) => {
    expect(read(ROSTER, size)).toEqual({
      records: [
        { line: 2, value: { id: 'u-1', name: 'Zoë "the first" {x}' } },
        { line: 4, value: { id: 'u-2', workdays: ['mon', 'tue'] } },
        { line: 6, value: 'not an object' },
      ],
    });
  });

  it.each([
    ['[\n{"id": "a"},\n{"id": "b" "email": "x"}\n]', 'line 3: invalid JSON: a "," is missing before "email"'],
    ['[\n{"id": "a"},\n]', 'line 3: invalid JSON: unexpected "]"'],
    ['[\n{"id": "a"}\n', 'line 3: invalid JSON: the file ends before its array is closed'],
    ['{"id": "a"}', 'line 1: expected a JSON array of recipients'],
    ['[{"id": "a"}]\n\nmore', 'line 3: invalid JSON: unexpected "m"'],
    ['', 'line 1: invalid JSON: empty file'],
  ])('refuses %j with the line of its fault', (text, error) => {
    expect(read(text, 4)).toEqual({ error });
  });
});
