/**
 * A bound on the work of one calendar read (DESIGN.md guarantee 6): steps (one day examined,
 * one candidate time…) and a time limit. Running out throws OverBudget; the event being
 * expanded is left out and named, and the rest of the day still renders. Time is CPU time,
 * and time spent paused (while the event loop serves others between slices) does not count.
 */
export class OverBudget extends Error {
  constructor(readonly reason: 'steps' | 'time') {
    super(reason === 'steps' ? 'expansion took too many steps' : 'expansion took too long');
  }
}

/** How often (in steps) the clock is read: reading it costs more than a step. */
const CLOCK_EVERY = 2048;

/**
 * The clock of a budget: this process's CPU time (ms), not the wall clock, so that a busy
 * machine that deschedules the worker does not make an ordinary calendar run out of time.
 */
function cpuNow(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

export class Budget {
  private untilClock = CLOCK_EVERY;
  private pausedAt: number | null = null;

  private constructor(
    private steps: number,
    private deadline: number,
    private readonly allotted: number,
  ) {}

  /** A budget of `steps` and `ms` from now. */
  static of(steps: number, ms: number): Budget {
    return new Budget(steps, cpuNow() + ms, steps);
  }

  /** A budget for one event: its own limits, or what is left of this one if that is less. */
  slice(steps: number, ms: number): Budget {
    const allotted = Math.max(0, Math.min(steps, this.steps));
    return new Budget(allotted, Math.min(cpuNow() + ms, this.deadline), allotted);
  }

  /** Charges what a slice used to this budget. */
  charge(inner: Budget): void {
    this.steps -= inner.allotted - Math.max(0, inner.steps);
  }

  get exhausted(): boolean {
    return this.steps <= 0 || cpuNow() > this.deadline;
  }

  pause(): void {
    this.pausedAt ??= cpuNow();
  }

  resume(): void {
    if (this.pausedAt !== null) this.deadline += cpuNow() - this.pausedAt;
    this.pausedAt = null;
  }

  spend(n: number): void {
    this.steps -= n;
    if (this.steps < 0) throw new OverBudget('steps');
    this.untilClock -= n;
    if (this.untilClock <= 0) {
      this.untilClock = CLOCK_EVERY;
      if (cpuNow() > this.deadline) throw new OverBudget('time');
    }
  }
}
