import { OUTCOME_STATUSES, type OutcomeStatus } from '../../delivery/outcome.ts';
import { DEFAULT_STATUS_LIMIT, type StatusQuery } from '../../delivery/status-report.ts';
import { isLocalDate, type LocalDate } from '../../time/zones.ts';

/** `?date=&outcome=&limit=&cursor=` of `GET /admin/api/status`, as `briefing status` takes them; every problem named. */
export function statusQuery(q: Record<string, string>): { ok: true; date: LocalDate; page: StatusQuery } | { ok: false; error: string } {
  const problems: string[] = [];
  if (!isLocalDate(q.date ?? '')) problems.push('date: expected a date as YYYY-MM-DD (?date=2026-11-24)');
  const outcome = q.outcome;
  if (outcome !== undefined && !(OUTCOME_STATUSES as readonly string[]).includes(outcome)) problems.push(`outcome: expected one of ${OUTCOME_STATUSES.join(', ')}`);
  const limit = q.limit === undefined ? DEFAULT_STATUS_LIMIT : Number(q.limit);
  if (q.limit !== undefined && (!/^\d+$/.test(q.limit) || limit < 1 || limit > 10_000)) problems.push('limit: expected a whole number from 1 to 10000');
  const cursor = q.cursor;
  if (cursor !== undefined && !/^[br]\.\d+\.\d+$/.test(cursor)) problems.push('cursor: expected the nextCursor of the previous page');
  if (problems.length > 0) return { ok: false, error: problems.join('; ') };
  return { ok: true, date: q.date!, page: { limit, ...(outcome ? { status: outcome as OutcomeStatus } : {}), ...(cursor ? { cursor } : {}) } };
}
