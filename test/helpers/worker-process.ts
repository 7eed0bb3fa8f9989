import { spawn, type ChildProcess } from 'node:child_process';
import { BIN, FROM_SOURCE } from './run-cli.ts';

/** One pino line of the worker's stdout, parsed. */
export interface LogLine {
  readonly msg?: string;
  readonly level?: number;
  readonly [field: string]: unknown;
}

/**
 * `briefing worker` as a real child process, the way ops run it: its own Redis connections,
 * its own SMTP pool, killed by a signal like any process.
 */
export interface WorkerProcess {
  readonly pid: number;
  readonly logs: LogLine[];
  /** Everything it wrote to stderr (start-up errors). */
  stderr(): string;
  /** Resolves with the exit code (null when killed by a signal) and the signal. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal: NodeJS.Signals): void;
  /** Signals its whole process group, as Ctrl-C in a terminal does (needs `ownProcessGroup`). */
  killGroup(signal: NodeJS.Signals): void;
  /** Waits until a log line matches, or fails with the process's stderr. */
  waitForLog(match: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
}

const running = new Set<ChildProcess>();

/**
 * Starts `node bin/briefing.js worker` with `env` (plus PATH and LOG_LEVEL=info) and resolves
 * once it has logged "worker started".
 */
export function startWorkerProcess(env: Record<string, string>, opts: { readyTimeoutMs?: number } = {}): Promise<WorkerProcess> {
  return startBriefingProcess(['worker'], env, { ...opts, ready: (l) => l.msg === 'worker started' });
}

/**
 * Starts `node bin/briefing.js ...args` with `env` (plus PATH and LOG_LEVEL=info) and resolves
 * once `ready` matches one of its log lines.
 */
export async function startBriefingProcess(
  args: readonly string[],
  env: Record<string, string>,
  opts: { ready: (line: LogLine) => boolean; readyTimeoutMs?: number; ownProcessGroup?: boolean },
): Promise<WorkerProcess> {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', ...FROM_SOURCE, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: opts.ownProcessGroup ?? false,
  });
  running.add(child);
  const logs: LogLine[] = [];
  let err = '';
  let partial = '';
  const waiters = new Set<() => void>();
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    for (const text of lines) {
      if (!text.trim()) continue;
      try {
        logs.push(JSON.parse(text) as LogLine);
      } catch {
        logs.push({ msg: text });
      }
    }
    for (const wake of waiters) wake();
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      running.delete(child);
      for (const wake of waiters) wake();
      resolve({ code, signal });
    });
  });
  let hasExited = false;
  void exited.then(() => (hasExited = true));

  const proc: WorkerProcess = {
    pid: child.pid!,
    logs,
    stderr: () => err,
    exited,
    kill: (signal) => {
      if (!hasExited) child.kill(signal);
    },
    killGroup: (signal) => {
      if (!opts.ownProcessGroup) throw new Error('killGroup needs ownProcessGroup: true');
      process.kill(-child.pid!, signal);
    },
    waitForLog(match, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        let seen = 0;
        const check = () => {
          for (; seen < logs.length; seen += 1) {
            if (match(logs[seen]!)) return done(() => resolve(logs[seen]!));
          }
          if (hasExited) done(() => reject(new Error(`briefing ${args.join(' ')} (pid ${child.pid}) exited before the expected log line; stderr: ${err.trim() || '(empty)'}`)));
        };
        const timer = setTimeout(
          () => done(() => reject(new Error(`briefing ${args.join(' ')} (pid ${child.pid}): no matching log line within ${timeoutMs} ms; stderr: ${err.trim() || '(empty)'}`))),
          timeoutMs,
        );
        const done = (settle: () => void) => {
          clearTimeout(timer);
          waiters.delete(check);
          settle();
        };
        waiters.add(check);
        check();
      });
    },
  };
  try {
    await proc.waitForLog(opts.ready, opts.readyTimeoutMs ?? 30_000);
  } catch (e) {
    proc.kill('SIGKILL');
    throw e;
  }
  return proc;
}

/** SIGKILLs every process started here that is still running: call it in afterEach, so a failed test leaves none behind. */
export async function killAllWorkerProcesses(): Promise<void> {
  const exits = [...running].map(
    (child) =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  );
  await Promise.all(exits);
}
