import { z } from 'zod';
import { isValidTimeZone } from './time/zones.ts';
import { describeProblem, type ConfigIssue } from './config-problems.ts';
import { productionProblems } from './config-production.ts';
import { loadDkim, type DkimSettings } from './delivery/dkim-settings.ts';
import { parseRedisTarget, type RedisTarget } from './redis-target.ts';

/**
 * Every setting of the service, parsed once from the environment at the edge of each
 * process and passed in from there. Nothing below this file reads `process.env`.
 */
export interface Config {
  readonly nodeEnv: 'development' | 'production' | 'test';
  /** One server (REDIS_URL), a Redis Cluster (REDIS_CLUSTER_NODES) or Sentinel (REDIS_SENTINELS). */
  readonly redis: RedisTarget;
  /** How long a long-running process waits for Redis at start-up (a restart, a failover). */
  readonly redisStartupTimeoutMs: number;
  readonly prefix: string;
  readonly smtpUrl: string | undefined;
  readonly outboxDir: string;
  readonly mailFrom: string;
  readonly publicUrl: string;
  readonly port: number;
  readonly unsubscribeKeys: readonly UnsubscribeKey[];
  /** True when UNSUBSCRIBE_KEYS was not set and the development key is in use. */
  readonly usingDevKey: boolean;
  readonly adminToken: string | undefined;
  readonly catchUpMs: number;
  /** How often the scheduler looks for send times that have come. */
  readonly schedulerTickMs: number;
  readonly defaultTimeZone: string;
  readonly logLevel: string;
  readonly workerConcurrency: number;
  /** Processes `briefing serve` runs to answer HTTP (one core each). */
  readonly httpProcesses: number;
  readonly smtpPoolSize: number;
  readonly sendAttempts: number;
  readonly retryBaseMs: number;
  /** BullMQ job lock: how long before a dead worker's active jobs are picked up again. */
  readonly jobLockMs: number;
  /** How long a handover mark is taken to belong to a live worker before it is ruled "delivery unknown". */
  readonly handoverLeaseMs: number;
  /** Sign every message with DKIM (nodemailer's signer); undefined when DKIM_DOMAIN is unset. */
  readonly dkim: DkimSettings | undefined;
  /** Refuse to hand a message to an SMTP server that does not offer STARTTLS. */
  readonly smtpRequireTls: boolean;
  /** Entries the opt-out audit stream keeps (the oldest go first). */
  readonly optOutAuditMaxEntries: number;
  /** How long per-person outcomes are kept (a day's counts outlive them). */
  readonly outcomeRetentionMs: number;
  /** How many BullMQ send queues recipients are spread over (on a Redis Cluster, one per master or more). */
  readonly sendQueues: number;
  /** ORG_NAME · ORG_LOGO_URL · ACCENT_COLOR · PRIVACY_URL: the organisation's face in the email and pages. */
  readonly branding: Branding;
}

export interface Branding {
  /** Who sends the email, named in its header and footer (unset: "your organisation", in the reader's language). */
  readonly orgName: string | undefined;
  readonly logoUrl: string | undefined;
  /** #rrggbb, dark enough for white text and for links on white (4.5:1). */
  readonly accentColor: string;
  readonly privacyUrl: string | undefined;
}

export interface UnsubscribeKey {
  readonly kid: string;
  readonly secret: string;
}

/** Every problem of the environment at once, one line each, naming the variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';

  readonly problems: readonly string[];

  /** One problem, or several (each one line naming its variable). */
  constructor(problems: string | readonly string[]) {
    const list = typeof problems === 'string' ? [problems] : problems;
    super(list.length === 1 ? list[0]! : `${list.length} problems in the environment:\n  ${list.join('\n  ')}`);
    this.problems = list;
  }
}

// Public and known (in src/secrets/public-keys.ts): it only exists so that `npm start` works
// on a laptop. Production refuses it.
const DEV_KEY: UnsubscribeKey = { kid: 'dev', secret: 'briefing-development-key-do-not-use-in-production' };

const DURATION = /^\d+(ms|s|m|h|d)$/;
const duration = z.string().regex(DURATION);

const wholeNumber = (min: number, max: number) =>
  z.string().regex(/^\d+$/).transform(Number).pipe(z.number().int().min(min).max(max));

const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

// Each `.describe()` says what the variable allows: config errors are built from it
// (src/config-problems.ts), so that every one names the variable and the allowed values.
const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  // REDIS_URL, REDIS_CLUSTER_NODES and REDIS_SENTINEL*: parseRedisTarget (they hold passwords).
  REDIS_STARTUP_TIMEOUT: duration
    .refine((d) => !DURATION.test(d) || parseDuration(d) <= 600_000)
    .default('30s')
    .describe('a duration up to 10m, e.g. 30s'),
  // `{name}` is the hash-tag form BullMQ's documentation shows for Redis Cluster: the same installation as `name`.
  BRIEFING_PREFIX: z
    .string()
    .regex(/^(?:[A-Za-z0-9_.-]{1,64}|\{[A-Za-z0-9_.-]{1,64}\})$/)
    .transform((p) => p.replace(/^\{(.*)\}$/, '$1'))
    .default('briefing')
    .describe('letters, digits, _ . - (at most 64), no colon, optionally in braces: {name}'),
  SMTP_URL: z.string().regex(/^smtps?:\/\/[^\s]+$/).optional().describe('an smtp:// or smtps:// URL, e.g. smtp://127.0.0.1:1025'),
  OUTBOX_DIR: z.string().min(1).default('./outbox').describe('a folder'),
  MAIL_FROM: z
    .string()
    .regex(/^(?:[^<>\r\n]*<[^<>\s@]+@[^<>\s@]+>|[^<>\s@]+@[^<>\s@]+)$/)
    .default('Briefing <briefing@localhost>')
    .describe('an address such as Briefing <briefing@example.com>'),
  PUBLIC_URL: z
    .string()
    .regex(/^https?:\/\/[^\s/?#@]+(?:\/[^\s?#]*)?$/)
    .transform((url) => url.replace(/\/+$/, ''))
    .optional()
    .describe('an http(s) URL with no query, e.g. https://briefing.example.com'),
  PORT: wholeNumber(0, 65535).default(3000).describe('a port number from 0 to 65535'),
  UNSUBSCRIBE_KEYS: z.string().optional(),
  ADMIN_TOKEN: z.string().min(16).optional().describe('at least 16 characters'),
  CATCH_UP: duration.default('2h').describe('a duration such as 90m, 2h or 30s'),
  OUTCOME_RETENTION: duration
    .refine((d) => !DURATION.test(d) || (parseDuration(d) >= 86_400_000 && parseDuration(d) <= 400 * 86_400_000))
    .default('30d')
    .describe('a duration from 1d to 400d, e.g. 30d'),
  SEND_QUEUES: wholeNumber(1, 64).default(1).describe('a whole number from 1 to 64'),
  SCHEDULER_TICK: duration
    .refine((d) => !DURATION.test(d) || (parseDuration(d) >= 1000 && parseDuration(d) <= 3_600_000))
    .default('30s')
    .describe('a duration from 1s to 1h, e.g. 30s'),
  DEFAULT_TIME_ZONE: z.string().refine(isValidTimeZone).default('UTC').describe('an IANA time zone such as Europe/Amsterdam'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  WORKER_CONCURRENCY: wholeNumber(1, 256).default(8).describe('a whole number from 1 to 256'),
  HTTP_PROCESSES: wholeNumber(1, 64).default(1).describe('a whole number from 1 to 64'),
  SMTP_POOL_SIZE: wholeNumber(1, 64).default(4).describe('a whole number from 1 to 64'),
  SEND_ATTEMPTS: wholeNumber(1, 50).default(8).describe('a whole number from 1 to 50'),
  RETRY_BASE_MS: wholeNumber(1, 3_600_000).default(30_000).describe('a whole number of milliseconds from 1 to 3600000'),
  // Below a second, lock renewals and stalled checks would flood Redis; tests use 1-2 s.
  JOB_LOCK_MS: wholeNumber(1000, 600_000).default(30_000).describe('a whole number of milliseconds from 1000 to 600000'),
  HANDOVER_LEASE_MS: wholeNumber(1000, 3_600_000).default(120_000).describe('a whole number of milliseconds from 1000 to 3600000'),
  DKIM_DOMAIN: z
    .string()
    .regex(/^(?=.{1,253}$)(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/)
    .optional()
    .describe('a domain name such as example.com'),
  DKIM_SELECTOR: z
    .string()
    .regex(/^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,62})$/)
    .optional()
    .describe('a DNS label such as briefing2026'),
  DKIM_PRIVATE_KEY: z.string().optional(),
  DKIM_PRIVATE_KEY_FILE: z.string().optional(),
  SMTP_REQUIRE_TLS: flag.default(false),
  OPTOUT_AUDIT_MAX_ENTRIES: wholeNumber(10, 100_000_000).default(1_000_000).describe('a whole number from 10 to 100000000'),
  // The branding variables word their own problems (the contrast check says the ratio it found).
  ORG_NAME: z.string().trim().min(1).max(80, 'a name of at most 80 characters').refine((s) => !/[\r\n<>]/.test(s), 'a name on one line, without < or >').optional(),
  ORG_LOGO_URL: z.string().regex(/^https:\/\/[^\s"'<>]+$/, 'an https:// URL of an image (mail apps block http images)').max(2048).optional(),
  ACCENT_COLOR: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, 'a colour as #rrggbb, e.g. #1d4ed8')
    .superRefine((c, ctx) => {
      if (!/^#[0-9a-fA-F]{6}$/.test(c)) return;
      const ratio = contrastWithWhite(c);
      if (ratio < 4.5) ctx.addIssue({ code: 'custom', message: `a colour dark enough for white text and for links on white (this one has ${ratio.toFixed(1)}:1, it needs 4.5:1)` });
    })
    .default('#1d4ed8'),
  PRIVACY_URL: z.string().regex(/^https?:\/\/[^\s"'<>]+$/, 'an http(s) URL of your privacy statement').max(2048).optional(),
});

export type ParsedEnv = z.output<typeof schema>;

/** WCAG 2 contrast ratio of a #rrggbb colour against white. */
export function contrastWithWhite(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
  return 1.05 / (luminance + 0.05);
}

export function parseDuration(text: string): number {
  const match = /^(\d+)(ms|s|m|h|d)$/.exec(text);
  if (!match) throw new ConfigError(`"${text}" is not a duration such as 90m, 2h, 30s or 30d`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as 'ms' | 's' | 'm' | 'h' | 'd'];
  return Number(match[1]) * unit;
}

/** The keys of UNSUBSCRIBE_KEYS; every malformed one is named in `problems`. */
function parseKeys(raw: string, problems: string[]): UnsubscribeKey[] {
  const format = '(format kid:secret[,kid:secret…]; `briefing keys generate` prints one)';
  const keys: UnsubscribeKey[] = [];
  for (const [i, part] of raw.split(',').map((p) => p.trim()).filter(Boolean).entries()) {
    const colon = part.indexOf(':');
    const kid = colon > 0 ? part.slice(0, colon) : '';
    const secret = colon > 0 ? part.slice(colon + 1) : '';
    // Nothing of an entry without a colon is shown: it may be a secret pasted on its own.
    if (colon <= 0) problems.push(`UNSUBSCRIBE_KEYS: entry ${i + 1} has no key id ${format}`);
    else if (!/^[A-Za-z0-9_-]{1,16}$/.test(kid)) {
      problems.push(`UNSUBSCRIBE_KEYS: key id "${kid.slice(0, 16)}" must be 1-16 letters, digits, _ or - ${format}`);
    } else if (secret.length < 32) {
      problems.push(`UNSUBSCRIBE_KEYS: the secret of key "${kid}" must be at least 32 characters ${format}`);
    } else keys.push({ kid, secret });
  }
  if (raw.trim() && keys.length === 0 && problems.length === 0) problems.push(`UNSUBSCRIBE_KEYS: no key given ${format}`);
  if (new Set(keys.map((k) => k.kid)).size !== keys.length) problems.push('UNSUBSCRIBE_KEYS: two keys share one key id');
  return keys;
}

/** Parses and validates the environment; throws a ConfigError naming every variable at fault. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  // Empty strings count as unset: `FOO=` in a compose file or shell means "no value".
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  // Field by field, so that every variable at fault is named at once, and the checks that
  // need several (production's) still run on the ones that parsed.
  const problems: string[] = [];
  const parsed: Record<string, unknown> = {};
  for (const [variable, field] of Object.entries(schema.shape)) {
    const result = field.safeParse(cleaned[variable]);
    if (result.success) parsed[variable] = result.data;
    else problems.push(...new Set(result.error.issues.map((i) => describeProblem(variable, cleaned[variable], i as ConfigIssue, field.description))));
  }
  const e = parsed as ParsedEnv;
  const keys = e.UNSUBSCRIBE_KEYS ? parseKeys(e.UNSUBSCRIBE_KEYS, problems) : [DEV_KEY];
  const publicUrl = e.PUBLIC_URL ?? `http://localhost:${e.PORT}`;
  const dkim = loadDkim(e, problems);
  const redis = parseRedisTarget(cleaned);
  if ('problems' in redis) problems.push(...redis.problems);
  if (cleaned.NODE_ENV === 'production') problems.push(...productionProblems(e, cleaned, keys));
  if (problems.length > 0 || 'problems' in redis) throw new ConfigError(problems);
  return Object.freeze({
    nodeEnv: e.NODE_ENV,
    redis: Object.freeze(redis.target),
    redisStartupTimeoutMs: parseDuration(e.REDIS_STARTUP_TIMEOUT),
    prefix: e.BRIEFING_PREFIX,
    smtpUrl: e.SMTP_URL,
    outboxDir: e.OUTBOX_DIR,
    mailFrom: e.MAIL_FROM,
    publicUrl,
    port: e.PORT,
    unsubscribeKeys: Object.freeze(keys),
    usingDevKey: !e.UNSUBSCRIBE_KEYS,
    adminToken: e.ADMIN_TOKEN,
    catchUpMs: parseDuration(e.CATCH_UP),
    schedulerTickMs: parseDuration(e.SCHEDULER_TICK),
    defaultTimeZone: e.DEFAULT_TIME_ZONE,
    logLevel: e.LOG_LEVEL,
    workerConcurrency: e.WORKER_CONCURRENCY,
    httpProcesses: e.HTTP_PROCESSES,
    smtpPoolSize: e.SMTP_POOL_SIZE,
    sendAttempts: e.SEND_ATTEMPTS,
    retryBaseMs: e.RETRY_BASE_MS,
    jobLockMs: e.JOB_LOCK_MS,
    handoverLeaseMs: e.HANDOVER_LEASE_MS,
    dkim,
    smtpRequireTls: e.SMTP_REQUIRE_TLS,
    optOutAuditMaxEntries: e.OPTOUT_AUDIT_MAX_ENTRIES,
    outcomeRetentionMs: parseDuration(e.OUTCOME_RETENTION),
    sendQueues: e.SEND_QUEUES,
    branding: Object.freeze({
      orgName: e.ORG_NAME,
      logoUrl: e.ORG_LOGO_URL,
      accentColor: e.ACCENT_COLOR.toLowerCase(),
      privacyUrl: e.PRIVACY_URL,
    }),
  });
}
