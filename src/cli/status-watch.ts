import { onStopSignal } from './stop-signals.ts';

export const WATCH_EVERY_MS = 2000;

/** Redraws what `render` returns every 2 s on the terminal until Ctrl-C (or SIGTERM); a failed read stops it with its error. */
export async function watchStatus(render: () => Promise<string>, everyMs = WATCH_EVERY_MS): Promise<void> {
  let wake: () => void = () => undefined;
  let stopped = false;
  onStopSignal(() => {
    stopped = true;
    wake();
  });
  while (!stopped) {
    const text = await render();
    // Home and clear, then the frame: one write, so the terminal never shows half a frame.
    process.stdout.write(`\x1b[H\x1b[2J${text}\n\nevery ${everyMs / 1000} s — Ctrl-C to stop\n`);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, everyMs);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
