import { z } from 'zod';
import { isValidTimeZone } from './time/zones.ts';

/**
 * Every setting of the service, parsed once from the environment at the edge of each
 * process and passed in from there. Nothing below this file reads `process.env`.
 */
export interface Config {
  readonly nodeEnv: 'development' | 'production' | 'test';
  readonly redisUrl: string;
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

export class ConfigError extends Error {
  override name = 'ConfigError';
}

// Public and known: it only exists so that `npm start` works on a laptop. Production refuses it.
const DEV_KEY: UnsubscribeKey = { kid: 'dev', secret: 'briefing-development-key-do-not-use-in-production' };

const duration = z.string().regex(/^\d+(ms|s|m|h)$/, 'a duration such as 90m, 2h or 30s');

const positiveInt = (max: number) =>
  z
    .string()
    .regex(/^\d+$/, 'a whole number')
    .transform(Number)
    .pipe(z.number().int().min(1, `a whole number from 1 to ${max}`).max(max, `a whole number from 1 to ${max}`));

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\/[^\s]+$/, 'a redis:// or rediss:// URL')
    .default('redis://127.0.0.1:6379'),
  BRIEFING_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, _ . - (at most 64), no colon')
    .default('briefing'),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^\s]+$/, 'an smtp:// or smtps:// URL, e.g. smtp://127.0.0.1:1025')
    .optional(),
  OUTBOX_DIR: z.string().min(1).default('./outbox'),
  MAIL_FROM: z
    .string()
    .regex(/^(?:[^<>\r\n]*<[^<>\s@]+@[^<>\s@]+>|[^<>\s@]+@[^<>\s@]+)$/, 'an address such as Briefing <briefing@example.com>')
    .default('Briefing <briefing@localhost>'),
  PUBLIC_URL: z
    .string()
    .regex(/^https?:\/\/[^\s/?#]+(?:\/[^\s?#]*)?$/, 'an http(s) URL with no query, e.g. https://briefing.example.com')
    .transform((url) => url.replace(/\/+$/, ''))
    .default('http://localhost:3000'),
  PORT: z
    .string()
    .regex(/^\d+$/, 'a port number')
    .transform(Number)
    .pipe(z.number().int().min(0).max(65535))
    .default(3000),
  UNSUBSCRIBE_KEYS: z.string().optional(),
  ADMIN_TOKEN: z.string().min(16, 'at least 16 characters').optional(),
  CATCH_UP: duration.default('2h'),
  SCHEDULER_TICK: duration.refine((d) => parseDuration(d) >= 1000 && parseDuration(d) <= 3_600_000, 'a duration from 1s to 1h, e.g. 30s').default('30s'),
  DEFAULT_TIME_ZONE: z.string().refine(isValidTimeZone, 'an IANA time zone such as Europe/Amsterdam').default('UTC'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  WORKER_CONCURRENCY: positiveInt(256).default(8),
  HTTP_PROCESSES: positiveInt(64).default(1),
  SMTP_POOL_SIZE: positiveInt(64).default(4),
  SEND_ATTEMPTS: positiveInt(50).default(8),
  RETRY_BASE_MS: positiveInt(3_600_000).default(30_000),
  // Below a second, lock renewals and stalled checks would flood Redis; tests use 1-2 s.
  JOB_LOCK_MS: positiveInt(600_000).pipe(z.number().min(1000, 'at least 1000 (ms)')).default(30_000),
  HANDOVER_LEASE_MS: positiveInt(3_600_000).pipe(z.number().min(1000, 'at least 1000 (ms)')).default(120_000),
  ORG_NAME: z.string().trim().min(1).max(80, 'a name of at most 80 characters').refine((s) => !/[\r\n<>]/.test(s), 'a name on one line, without < or >').optional(),
  ORG_LOGO_URL: z.string().regex(/^https:\/\/[^\s"'<>]+$/, 'an https:// URL of an image (mail apps block http images)').max(2048).optional(),
  ACCENT_COLOR: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, 'a colour as #rrggbb, e.g. #1d4ed8')
    .superRefine((c, ctx) => {
      const ratio = contrastWithWhite(c);
      if (ratio < 4.5) ctx.addIssue({ code: 'custom', message: `a colour dark enough for white text and for links on white (this one has ${ratio.toFixed(1)}:1, it needs 4.5:1)` });
    })
    .default('#1d4ed8'),
  PRIVACY_URL: z.string().regex(/^https?:\/\/[^\s"'<>]+$/, 'an http(s) URL of your privacy statement').max(2048).optional(),
});

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
  const match = /^(\d+)(ms|s|m|h)$/.exec(text);
  if (!match) throw new ConfigError(`"${text}" is not a duration such as 90m, 2h or 30s`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[match[2] as 'ms' | 's' | 'm' | 'h'];
  return Number(match[1]) * unit;
}

function parseKeys(raw: string): UnsubscribeKey[] {
  const keys = raw
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const colon = part.indexOf(':');
      const kid = colon > 0 ? part.slice(0, colon) : '';
      const secret = colon > 0 ? part.slice(colon + 1) : '';
      if (!/^[A-Za-z0-9_-]{1,16}$/.test(kid)) {
        throw new ConfigError(
          `UNSUBSCRIBE_KEYS: key id "${kid}" must be 1-16 letters, digits, _ or - (format kid:secret[,kid:secret…])`,
        );
      }
      if (secret.length < 32) {
        throw new ConfigError(`UNSUBSCRIBE_KEYS: the secret of key "${kid}" must be at least 32 characters`);
      }
      return { kid, secret };
    });
  if (keys.length === 0) throw new ConfigError('UNSUBSCRIBE_KEYS: no key given (format kid:secret[,kid:secret…])');
  const kids = new Set(keys.map((k) => k.kid));
  if (kids.size !== keys.length) throw new ConfigError('UNSUBSCRIBE_KEYS: two keys share one key id');
  return keys;
}

/** Parses and validates the environment; throws a ConfigError naming the variable at fault. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  // Empty strings count as unset: `FOO=` in a compose file or shell means "no value".
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const variable = String(issue.path[0]);
    const value = cleaned[variable];
    const shown = variable === 'UNSUBSCRIBE_KEYS' || variable === 'ADMIN_TOKEN' ? '(hidden)' : JSON.stringify(value);
    throw new ConfigError(`${variable}=${shown}: expected ${issue.message}`);
  }
  const e = parsed.data;
  if (e.NODE_ENV === 'production' && !e.UNSUBSCRIBE_KEYS) {
    throw new ConfigError('UNSUBSCRIBE_KEYS is required when NODE_ENV=production (format kid:secret, secret of 32+ characters)');
  }
  const keys = e.UNSUBSCRIBE_KEYS ? parseKeys(e.UNSUBSCRIBE_KEYS) : [DEV_KEY];
  return Object.freeze({
    nodeEnv: e.NODE_ENV,
    redisUrl: e.REDIS_URL,
    prefix: e.BRIEFING_PREFIX,
    smtpUrl: e.SMTP_URL,
    outboxDir: e.OUTBOX_DIR,
    mailFrom: e.MAIL_FROM,
    publicUrl: e.PUBLIC_URL,
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
    branding: Object.freeze({
      orgName: e.ORG_NAME,
      logoUrl: e.ORG_LOGO_URL,
      accentColor: e.ACCENT_COLOR.toLowerCase(),
      privacyUrl: e.PRIVACY_URL,
    }),
  });
}
