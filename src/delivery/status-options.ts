import { OUTCOME_STATUSES, type OutcomeStatus } from './outcome.ts';

/** What `briefing status` and `GET /admin/api/status` take, apart from the modules that answer (the CLI checks options without loading them). */
export const DEFAULT_STATUS_LIMIT = 1000;

/** `--outcome none`: those on the roster without an outcome for the date, with why. */
export const NO_OUTCOME = 'none';
export type StatusFilter = OutcomeStatus | typeof NO_OUTCOME;
export const STATUS_FILTERS: readonly string[] = [...OUTCOME_STATUSES, NO_OUTCOME];

/** How many of those without an outcome a report names when it is not asked for them alone. */
export const WITHOUT_OUTCOME_NAMED = 20;

export const DEFAULT_HISTORY_DAYS = 30;

/** The most days a history may ask for: per-person outcomes are kept OUTCOME_RETENTION. */
export const maxHistoryDays = (retentionMs: number): number => Math.max(1, Math.floor(retentionMs / 86_400_000));
