import { DEFAULT_HISTORY_DAYS, DEFAULT_STATUS_LIMIT, maxHistoryDays, NO_OUTCOME, STATUS_FILTERS, type StatusFilter } from '../../delivery/status-options.ts';
import type { StatusQuery } from '../../delivery/status-report.ts';
import { WITHOUT_OUTCOME_CURSOR } from '../../delivery/without-outcome.ts';
import { isLocalDate, type LocalDate } from '../../time/zones.ts';

/** `?date=&outcome=&limit=&cursor=` of `GET /admin/api/status`, as `briefing status` takes them; every problem named. */
export function statusQuery(q: Record<string, string>): { ok: true; date: LocalDate; page: StatusQuery } | { ok: false; error: string } {
  const problems: string[] = [];
  if (!isLocalDate(q.date ?? '')) problems.push('date: expected a date as YYYY-MM-DD (?date=2026-11-24)');
  const outcome = q.outcome;
  if (outcome !== undefined && !STATUS_FILTERS.includes(outcome)) problems.push(`outcome: expected one of ${STATUS_FILTERS.join(', ')}`);
  const limit = q.limit === undefined ? DEFAULT_STATUS_LIMIT : Number(q.limit);
  if (q.limit !== undefined && (!/^\d+$/.test(q.limit) || limit < 1 || limit > 10_000)) problems.push('limit: expected a whole number from 1 to 10000');
  const cursor = q.cursor;
  const cursorShape = outcome === NO_OUTCOME ? WITHOUT_OUTCOME_CURSOR : /^[br]\.\d+\.\d+$/;
  if (cursor !== undefined && !cursorShape.test(cursor)) problems.push('cursor: expected the nextCursor of the previous page');
  if (problems.length > 0) return { ok: false, error: problems.join('; ') };
  return { ok: true, date: q.date!, page: { limit, ...(outcome ? { status: outcome as StatusFilter } : {}), ...(cursor ? { cursor } : {}) } };
}

/** `?days=` of `GET /admin/api/recipients/:id/history`: 1 to OUTCOME_RETENTION in days, default 30. */
export function historyDays(days: string | undefined, retentionMs: number): { ok: true; days: number } | { ok: false; error: string } {
  const max = maxHistoryDays(retentionMs);
  if (days === undefined) return { ok: true, days: Math.min(DEFAULT_HISTORY_DAYS, max) };
  const n = Number(days);
  if (!/^\d+$/.test(days) || n < 1 || n > max) return { ok: false, error: `days: expected a whole number from 1 to ${max} (outcomes are kept OUTCOME_RETENTION)` };
  return { ok: true, days: n };
}
