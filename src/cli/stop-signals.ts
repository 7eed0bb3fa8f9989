/**
 * How a long-running command is stopped: `stop` runs once, on the first SIGTERM or SIGINT.
 * A repeated SIGTERM (sent to the process group and by a supervisor) must not cut the
 * shutdown short; a second Ctrl-C does, as people expect, except within a second of the
 * first: `npm start` passes every Ctrl-C on to the service, which the terminal already sent
 * it, so one Ctrl-C arrives twice.
 */
export function onStopSignal(stop: (signal: NodeJS.Signals) => void): void {
  let firstInterruptAt: number | undefined;
  let stopping = false;
  const once = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    stop(signal);
  };
  process.on('SIGTERM', () => once('SIGTERM'));
  process.on('SIGINT', () => {
    if (firstInterruptAt === undefined) {
      firstInterruptAt = Date.now();
      return once('SIGINT');
    }
    if (Date.now() - firstInterruptAt < SAME_INTERRUPT_MS) return;
    process.stderr.write('briefing: interrupted again: stopping without waiting\n');
    process.exit(130);
  });
}

const SAME_INTERRUPT_MS = 1000;
