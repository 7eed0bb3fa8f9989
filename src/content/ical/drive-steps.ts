import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * Long calendar work (parsing a 10 MB feed, a day of a huge calendar) is written as a
 * generator that pauses now and then. Run all at once it is a plain function; run with
 * `runInSlices` it gives the event loop back whenever a slice has taken `sliceMs`, so that
 * /healthz, the unsubscribe pages and BullMQ's lock renewals keep their turn (DESIGN.md
 * guarantee 6).
 */
export function runAtOnce<T>(steps: Generator<void, T, void>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/** Default slice: well under the ~50 ms a worker may hold the loop. */
export const SLICE_MS = 10;

/** Told when the driver gives the loop away, so that a time budget does not count the pause. */
export interface Pausable {
  pause(): void;
  resume(): void;
}

export async function runInSlices<T>(steps: Generator<void, T, void>, pausable?: Pausable, sliceMs = SLICE_MS): Promise<T> {
  let sliceStart = performance.now();
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    if (performance.now() - sliceStart >= sliceMs) {
      pausable?.pause();
      await nextTurn();
      pausable?.resume();
      sliceStart = performance.now();
    }
  }
}
