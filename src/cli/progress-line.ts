/** What a long command reports as it goes. */
export interface ProgressEvent {
  readonly step: string;
  readonly done: number;
  /** null when not known ahead. */
  readonly total: number | null;
  /** What `done` counts ("records"), when the step does not say. */
  readonly unit?: string;
  /** Shown after the count on a terminal ("42% of the file"). */
  readonly note?: string;
}

export interface ProgressLine {
  update(event: ProgressEvent): void;
  /** Ends the live line (a terminal), so the next output starts on a line of its own. */
  done(): void;
}

const number = (n: number) => n.toLocaleString('en-GB');

/**
 * Progress on stderr. On a terminal, one line rewritten in place at most ten times a second;
 * elsewhere (a log file, a pipe), one line as each step starts, so a log shows how far a run
 * got without a line per batch.
 */
export function progressLine(stream: NodeJS.WriteStream, label: string): ProgressLine {
  let shownStep = '';
  let shownAt = 0;
  let live = false;
  return {
    update({ step, done, total, unit, note }) {
      if (!stream.isTTY) {
        if (step !== shownStep) stream.write(`${label}: ${step}\n`);
        shownStep = step;
        return;
      }
      const now = Date.now();
      if (step === shownStep && now - shownAt < 100 && done !== total) return;
      shownStep = step;
      shownAt = now;
      const of = total ? ` of ${number(total)} (${Math.floor((done / total) * 100)}%)` : '';
      stream.write(`\r\x1b[2K${label}: ${step} ${number(done)}${of}${unit ? ` ${unit}` : ''}${note ? `, ${note}` : ''}`);
      live = true;
    },
    done() {
      if (live) stream.write('\r\x1b[2K');
      live = false;
    },
  };
}
