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

/** A forced re-send (`send --recipient ID --force`) keeps its own letters while pending and once sent. */
const FORCED_CODE: Partial<Record<StoredStatus, string>> = { sent: 'F', pending: 'Q' };

export const STATUS_OF: Readonly<Record<string, StoredStatus>> = {
  ...Object.fromEntries(Object.entries(CODE_OF).map(([status, code]) => [code, status as StoredStatus])),
  F: 'sent',
  Q: 'pending',
};

export function codeOf(status: StoredStatus, forced = false): string {
  return (forced ? FORCED_CODE[status] : undefined) ?? CODE_OF[status];
}

export const isForcedCode = (code: string): boolean => code === 'F' || code === 'Q';

/** Every letter a status is stored as (a list of `sent` must find forced ones too). */
export function codesOf(status: StoredStatus): string[] {
  return [CODE_OF[status], ...(FORCED_CODE[status] ? [FORCED_CODE[status]] : []), ...(status === 'pending' ? ['H'] : [])];
}
