import type { StoredStatus } from '../delivery/outcome.ts';

/** One letter per status in stored outcome records (lua/includes/outcome.lua). */
export const CODE_OF: Readonly<Record<StoredStatus, string>> = {
  sent: 'S',
  'skipped:opted-out': 'O',
  'skipped:disabled': 'D',
  'skipped:paused': 'Z',
  'skipped:empty': 'E',
  'skipped:not-workday': 'W',
  'skipped:missed': 'M',
  'skipped:stale': 'T',
  unknown: 'U',
  failed: 'X',
  pending: 'P',
  sending: 'H',
};

export const STATUS_OF: Readonly<Record<string, StoredStatus>> = Object.fromEntries(
  Object.entries(CODE_OF).map(([status, code]) => [code, status as StoredStatus]),
);
