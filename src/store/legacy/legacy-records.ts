import type { Recipient } from '../../recipients/recipient.ts';
import { recordSchema } from '../../recipients/record-schema.ts';
import { OPTOUT_SOURCES, type AuditEntry, type OptOut, type OptOutSource } from '../optout-store.ts';

/**
 * The value formats of the earlier layout (commit 09a10b8), decoded for `briefing migrate`:
 * the roster stored `JSON.stringify(recipient)` (src/recipients/roster-store.ts), opt-outs
 * `{ at, source }` from a Lua `cjson.encode` (src/unsubscribe/optout-store.ts), outcomes
 * `{ status, at, reason?, messageId? }` from JSON.stringify or cjson (src/delivery/outcome-store.ts,
 * src/schedule/record-skips.ts). A value that does not decode is a problem that names the key
 * and field, never a guess.
 */
export type Decoded<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: string };

/** The statuses the earlier version recorded; `sending` is its "being handed to SMTP". */
const LEGACY_STATUSES = [
  'sent', 'skipped:opted-out', 'skipped:disabled', 'skipped:paused', 'skipped:empty',
  'skipped:not-workday', 'skipped:missed', 'failed', 'pending', 'sending',
] as const;
export type LegacyStatus = (typeof LEGACY_STATUSES)[number];

export interface LegacyOutcome {
  readonly id: string;
  readonly status: LegacyStatus;
  readonly at: string;
  readonly reason?: string;
}

export interface LegacyAuditEntry extends AuditEntry {
  /** Its id in the earlier stream (`ms-seq`): kept, so the merged audit log reads in the same order. */
  readonly streamId: string;
}

const ok = <T>(value: T): Decoded<T> => ({ ok: true, value });
const bad = <T>(problem: string): Decoded<T> => ({ ok: false, problem });
const isTime = (v: unknown): v is string => typeof v === 'string' && !Number.isNaN(Date.parse(v));

function parseObject(json: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(json);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

// Built once: a zod schema costs far more to build than to run (a million records).
const recipientSchema = recordSchema('UTC');

/** Every field the earlier import filled in: none may fall back to a default now. */
const STORED_FIELDS = ['id', 'email', 'name', 'locale', 'timeZone', 'sendAt', 'workdays', 'workHours', 'enabled'] as const;

/** One roster record, checked by the same schema the import used. */
export function decodeRecipient(id: string, json: string): Decoded<Recipient> {
  const raw = parseObject(json);
  if (!raw) return bad(`recipient ${id}: not a JSON object`);
  if (raw.id !== id) return bad(`recipient ${id}: its record says id ${JSON.stringify(raw.id)}`);
  const missing = STORED_FIELDS.filter((f) => raw[f] === undefined);
  if (missing.length > 0) return bad(`recipient ${id}: ${missing.map((f) => `${f}: missing`).join('; ')}`);
  const parsed = recipientSchema.safeParse(raw);
  if (!parsed.success) {
    return bad(`recipient ${id}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(record)'}: ${i.message}`).join('; ')}`);
  }
  return ok(parsed.data);
}

export function decodeOptOut(id: string, json: string): Decoded<OptOut> {
  const raw = parseObject(json);
  if (!raw) return bad(`opt-out ${id}: not a JSON object`);
  if (!isTime(raw.at)) return bad(`opt-out ${id}: at: expected an ISO time, found ${JSON.stringify(raw.at)}`);
  if (!OPTOUT_SOURCES.includes(raw.source as OptOutSource)) {
    return bad(`opt-out ${id}: source: expected one of ${OPTOUT_SOURCES.join(', ')}, found ${JSON.stringify(raw.source)}`);
  }
  return ok({ id, at: raw.at, source: raw.source as OptOutSource });
}

export function decodeOutcome(date: string, id: string, json: string): Decoded<LegacyOutcome> {
  const raw = parseObject(json);
  const where = `outcome of ${id} on ${date}`;
  if (!raw) return bad(`${where}: not a JSON object`);
  if (!LEGACY_STATUSES.includes(raw.status as LegacyStatus)) return bad(`${where}: status: unknown status ${JSON.stringify(raw.status)}`);
  if (!isTime(raw.at)) return bad(`${where}: at: expected an ISO time, found ${JSON.stringify(raw.at)}`);
  if (raw.reason !== undefined && typeof raw.reason !== 'string') return bad(`${where}: reason: expected text`);
  const reason = typeof raw.reason === 'string' && raw.reason !== '' ? { reason: raw.reason } : {};
  return ok({ id, status: raw.status as LegacyStatus, at: raw.at, ...reason });
}

/** One entry of the audit stream: XADD … at, id, action, source. */
export function decodeAuditEntry(streamId: string, flat: readonly string[]): Decoded<LegacyAuditEntry> {
  const f: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) f[flat[i]!] = flat[i + 1]!;
  const where = `audit entry ${streamId}`;
  if (!isTime(f.at)) return bad(`${where}: at: expected an ISO time, found ${JSON.stringify(f.at)}`);
  if (!f.id) return bad(`${where}: id: missing`);
  if (f.action !== 'opt-out' && f.action !== 'opt-in') return bad(`${where}: action: expected opt-out or opt-in, found ${JSON.stringify(f.action)}`);
  if (!OPTOUT_SOURCES.includes(f.source as OptOutSource)) return bad(`${where}: source: expected one of ${OPTOUT_SOURCES.join(', ')}, found ${JSON.stringify(f.source)}`);
  return ok({ streamId, at: f.at, id: f.id, action: f.action, source: f.source as OptOutSource });
}

/** A counter value of the metrics hashes: a whole number, or a decimal for a histogram's sum. */
export function isCounterValue(value: string): boolean {
  return /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(value);
}
