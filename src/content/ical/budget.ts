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

/** How often (in steps) the clock is read: reading it (getrusage) costs far more than a step. */
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
  private questions = 0;
  private pausedAt: number | null = null;
  /** CPU time when the clock was first read: an event's slice starts its clock lazily, so the
   * many events that never take 2,048 steps never read it. */
  private started: number | null;

  private constructor(
    private steps: number,
    private readonly allotted: number,
    private readonly ms: number,
    private readonly outer: Budget | null,
    started: number | null,
  ) {
    this.started = started;
  }

  /** A budget of `steps` and `ms` of CPU from now. */
  static of(steps: number, ms: number): Budget {
    return new Budget(steps, steps, ms, null, cpuNow());
  }

  /** A budget for one event: its own limits, within what is left of this one. */
  slice(steps: number, ms: number): Budget {
    const allotted = Math.max(0, Math.min(steps, this.steps));
    return new Budget(allotted, allotted, ms, this, null);
  }

  /** Charges what a slice used to this budget. */
  charge(inner: Budget): void {
    this.steps -= inner.allotted - Math.max(0, inner.steps);
  }

  /** Out of steps, or out of time (the clock is read every 32nd question). */
  get exhausted(): boolean {
    if (this.steps <= 0) return true;
    this.questions += 1;
    return this.questions % 32 === 0 && this.outOfTime(cpuNow());
  }

  pause(): void {
    this.pausedAt ??= cpuNow();
  }

  resume(): void {
    if (this.pausedAt !== null && this.started !== null) this.started += cpuNow() - this.pausedAt;
    this.pausedAt = null;
  }

  spend(n: number): void {
    this.steps -= n;
    if (this.steps < 0) throw new OverBudget('steps');
    this.untilClock -= n;
    if (this.untilClock <= 0) {
      this.untilClock = CLOCK_EVERY;
      if (this.outOfTime(cpuNow())) throw new OverBudget('time');
    }
  }

  private outOfTime(now: number): boolean {
    this.started ??= now;
    return now - this.started > this.ms || (this.outer !== null && this.outer.outOfTime(now));
  }
}
