import { Tokenizer, TokenParser, TokenType } from '@streamparser/json';
import type { ImportProblem } from './import-error.ts';
import type { LocatedRecord } from './parse-roster.ts';

/** A roster file that cannot be read as a whole: the first fault, with its line. */
export class RosterSyntaxError extends Error {
  override name = 'RosterSyntaxError';
  constructor(readonly problem: ImportProblem) {
    super(`line ${problem.line}: ${problem.problem}`);
  }
}

export interface JsonRosterReader {
  /** The records completed by this chunk of the file's bytes, each with the line its `{` is on. */
  push(chunk: Uint8Array): LocatedRecord[];
  /** The end of the file: throws if the array is not closed. */
  end(): void;
}

const OPENERS = new Set<TokenType>([TokenType.LEFT_BRACE, TokenType.LEFT_BRACKET]);
const CLOSERS = new Set<TokenType>([TokenType.RIGHT_BRACE, TokenType.RIGHT_BRACKET]);
const SHOWN: Partial<Record<TokenType, string>> = {
  [TokenType.LEFT_BRACE]: '{', [TokenType.RIGHT_BRACE]: '}', [TokenType.LEFT_BRACKET]: '[', [TokenType.RIGHT_BRACKET]: ']',
  [TokenType.COLON]: ':', [TokenType.COMMA]: ',',
};

/** What a token the parser did not expect means, from the state it names ("… in state COMMA"). */
function misplaced(shown: string, message: string): string {
  const state = / in state (\w+)/.exec(message)?.[1];
  if (state === 'COMMA') return `a "," is missing before ${shown}`;
  if (state === 'COLON') return `a ":" is missing before ${shown}`;
  if (state === 'KEY') return `expected a field name in double quotes, found ${shown}`;
  if (state === 'ENDED') return `${shown} after the end of the array`;
  return `unexpected ${shown}`;
}

/**
 * A JSON array of records read a chunk at a time (@streamparser/json: a complete JSON
 * tokenizer and parser that reports each token's byte offset), so that a roster of any size
 * is parsed in constant memory. Lines are counted from the bytes themselves: a newline byte
 * never occurs inside a multi-byte UTF-8 character.
 */
export function createJsonRosterReader(): JsonRosterReader {
  const tokenizer = new Tokenizer();
  const parser = new TokenParser({ paths: ['$.*'], keepStack: false });
  let records: LocatedRecord[] = [];
  let depth = 0;
  let started = false;
  let recordLine = 1;
  let lastTokenOffset = 0;
  // Line counting: `chunk` starts at byte `chunkStart` of what the tokenizer was given (the
  // file without a byte-order mark); its bytes before `scanned` are counted into `line`.
  let chunk: Uint8Array = new Uint8Array(0);
  let chunkStart = 0;
  let scanned = 0;
  let line = 1;
  let bom = true;

  const lineAt = (offset: number): number => {
    const end = Math.min(Math.max(offset - chunkStart, 0), chunk.length);
    for (; scanned < end; scanned += 1) if (chunk[scanned] === 10) line += 1;
    return line;
  };
  const fail = (at: number, problem: string): never => {
    throw new RosterSyntaxError({ line: lineAt(at), field: '', problem });
  };

  tokenizer.onToken = ({ token, value, offset }) => {
    lastTokenOffset = offset;
    if (!started) {
      started = true;
      if (token !== TokenType.LEFT_BRACKET) fail(offset, 'expected a JSON array of recipients');
    }
    // An element of the array starts: remember its line (a `{`, or a value that is not an object).
    if (depth === 1 && token !== TokenType.COMMA && !CLOSERS.has(token)) recordLine = lineAt(offset);
    if (OPENERS.has(token)) depth += 1;
    else if (CLOSERS.has(token)) depth -= 1;
    try {
      parser.write({ token, value });
    } catch (err) {
      fail(offset, `invalid JSON: ${misplaced(SHOWN[token] ? `"${SHOWN[token]}"` : JSON.stringify(value), (err as Error).message)}`);
    }
  };
  // paths ['$.*']: the array's elements, each as it completes; the array itself is never built.
  parser.onValue = ({ value }) => {
    records.push({ line: recordLine, value });
  };

  return {
    push(bytes) {
      if (bom && bytes.length > 0) {
        bom = false;
        // A UTF-8 byte-order mark, as spreadsheet programs write one.
        if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
      }
      chunk = bytes;
      scanned = 0;
      try {
        tokenizer.write(bytes);
      } catch (err) {
        if (err instanceof RosterSyntaxError) throw err;
        const at = /absolute position "(\d+)"/.exec((err as Error).message);
        const offset = at ? Number(at[1]) : lastTokenOffset;
        const shown = at ? bytes[Number(at[1]) - chunkStart] : undefined;
        fail(offset, `invalid JSON: unexpected ${shown === undefined ? 'input' : JSON.stringify(String.fromCharCode(shown))}`);
      }
      lineAt(chunkStart + bytes.length);
      chunkStart += bytes.length;
      const done = records;
      records = [];
      return done;
    },
    end() {
      if (!started) throw new RosterSyntaxError({ line: 1, field: '', problem: 'invalid JSON: empty file' });
      if (depth !== 0) throw new RosterSyntaxError({ line, field: '', problem: 'invalid JSON: the file ends before its array is closed' });
    },
  };
}
