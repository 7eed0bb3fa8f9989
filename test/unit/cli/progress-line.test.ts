import { describe, expect, it } from 'vitest';
import { progressLine } from '../../../src/cli/progress-line.ts';

/** A stand-in for process.stderr: what was written, and whether it is a terminal. */
function stream(isTTY: boolean) {
  const written: string[] = [];
  return { written, stream: { isTTY, write: (text: string) => written.push(text) } as unknown as NodeJS.WriteStream };
}

describe('the progress of a long command', () => {
  it('on a terminal, rewrites one line in place with how far it is, and clears it at the end', () => {
    const out = stream(true);
    const progress = progressLine(out.stream, 'briefing migrate');
    progress.update({ step: 'moving roster', done: 500, total: 2000 });
    progress.update({ step: 'moving roster', done: 2000, total: 2000 });
    progress.done();
    expect(out.written).toEqual([
      '\r\x1b[2Kbriefing migrate: moving roster 500 of 2,000 (25%)',
      '\r\x1b[2Kbriefing migrate: moving roster 2,000 of 2,000 (100%)',
      '\r\x1b[2K',
    ]);
  });

  it('in a log, writes one plain line as each step starts, not one per batch', () => {
    const out = stream(false);
    const progress = progressLine(out.stream, 'briefing migrate');
    for (let done = 500; done <= 2000; done += 500) progress.update({ step: 'moving roster', done, total: 2000 });
    progress.update({ step: 'moving opt-outs', done: 10, total: 10 });
    progress.done();
    expect(out.written).toEqual(['briefing migrate: moving roster\n', 'briefing migrate: moving opt-outs\n']);
  });

  it('names what it counts when there is no total, with a note after it', () => {
    const out = stream(true);
    const progress = progressLine(out.stream, 'briefing recipients import');
    progress.update({ step: 'checking roster.csv', done: 12_000, total: null, unit: 'records', note: '12% of the file' });
    expect(out.written).toEqual(['\r\x1b[2Kbriefing recipients import: checking roster.csv 12,000 records, 12% of the file']);
  });
});
