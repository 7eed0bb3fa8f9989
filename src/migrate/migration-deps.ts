import type { EnqueueResult, EnqueueTarget } from '../queue/enqueue-briefings.ts';
import type { LegacyQueues } from '../queue/legacy-queues.ts';
import type { Trigger } from '../queue/send-job.ts';
import type { Store } from '../store/store.ts';
import type { LocalDate } from '../time/zones.ts';

/** How far a migration is: `check` reads the earlier layout, `move` writes this one, `remove` deletes the earlier one. */
export interface MigrationEvent {
  readonly phase: 'check' | 'move' | 'remove';
  readonly step: string;
  readonly done: number;
  /** null when the total is not known ahead. */
  readonly total: number | null;
}

/** What the survey (and a dry run) needs: it only reads. */
export interface MigrationDeps {
  readonly store: Pick<Store, 'migration' | 'roster' | 'orgSwitch' | 'schedule'>;
  readonly queues: LegacyQueues;
  /** OUTCOME_RETENTION, in ms. */
  readonly retentionMs: number;
  readonly now: () => Date;
  readonly onProgress: (event: MigrationEvent) => void;
}

/** What moving needs besides: the normal enqueue (at most one briefing per recipient and date). */
export interface MoveDeps extends MigrationDeps {
  enqueue(date: LocalDate, who: readonly (string | EnqueueTarget)[], trigger: Trigger, opts?: { dueAt?: number }): Promise<EnqueueResult>;
}
