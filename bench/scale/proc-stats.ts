import { readFile } from 'node:fs/promises';

const TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) and peak RSS (bytes) of a live process, from /proc (Linux). */
export async function procStats(pid: number): Promise<{ cpu: number; peakRss: number } | null> {
  try {
    const [stat, status] = await Promise.all([readFile(`/proc/${pid}/stat`, 'utf8'), readFile(`/proc/${pid}/status`, 'utf8')]);
    // Fields after the command name in parentheses (which may hold spaces): utime is 14th, stime 15th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cpu = (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
    const peakRss = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
    return { cpu, peakRss };
  } catch {
    return null;
  }
}

/**
 * Polls a process's stats until it exits: the highest seen (CPU within one poll of its end;
 * an exiting process's status no longer shows its peak RSS, so the highest is kept).
 */
export function watchProcess(pid: number, everyMs = 100): { last(): { cpu: number; peakRss: number }; stop(): void } {
  let last = { cpu: 0, peakRss: 0 };
  const timer = setInterval(() => {
    void procStats(pid).then((s) => {
      if (s) last = { cpu: Math.max(last.cpu, s.cpu), peakRss: Math.max(last.peakRss, s.peakRss) };
    });
  }, everyMs);
  return { last: () => last, stop: () => clearInterval(timer) };
}
