import { redactUrl } from './redact.ts';

/** A value as a message may show it: a URL with credentials redacted, anything else as typed (it holds none). */
const shown = (text: string): string => JSON.stringify(text.includes('@') ? redactUrl(text) : text);

/** Credentials and TLS of one kind of connection; they ride in `redis://` / `rediss://` URLs. */
export interface RedisAuth {
  readonly username?: string;
  readonly password?: string;
  readonly tls: boolean;
}

export interface HostPort {
  readonly host: string;
  readonly port: number;
}

/** Which Redis the service talks to, chosen by exactly one of REDIS_URL, REDIS_CLUSTER_NODES, REDIS_SENTINELS. */
export type RedisTarget =
  | { readonly kind: 'single'; readonly url: string }
  | { readonly kind: 'cluster'; readonly nodes: readonly HostPort[]; readonly auth: RedisAuth }
  | {
      readonly kind: 'sentinel';
      readonly sentinels: readonly HostPort[];
      readonly sentinelAuth: RedisAuth;
      readonly masterName: string;
      readonly masterAuth: RedisAuth;
    };

type Env = Readonly<Record<string, string | undefined>>;

const DEFAULT_URL = 'redis://127.0.0.1:6379';
const NAME = /^[A-Za-z0-9_.-]{1,64}$/;
const HOST_PORT = /^(\[[0-9A-Fa-f:.]+\]|[^\s:/@[\]]+)(?::(\d{1,5}))?$/;

/**
 * Reads the Redis variables: REDIS_URL as before (one server), REDIS_CLUSTER_NODES (seed
 * nodes of a cluster) or REDIS_SENTINELS with REDIS_SENTINEL_MASTER. Returns every problem
 * at once, with passwords hidden.
 */
export function parseRedisTarget(env: Env): { target: RedisTarget } | { problems: string[] } {
  const problems: string[] = [];
  const chosen = (['REDIS_URL', 'REDIS_CLUSTER_NODES', 'REDIS_SENTINELS'] as const).filter((v) => env[v] !== undefined);
  if (chosen.length > 1) {
    problems.push(
      `${chosen.join(' and ')} are ${chosen.length === 2 ? 'both' : 'all'} set: use one of REDIS_URL (one server), ` +
        'REDIS_CLUSTER_NODES (a cluster) or REDIS_SENTINELS with REDIS_SENTINEL_MASTER (Sentinel)',
    );
  }
  if (env.REDIS_SENTINELS !== undefined && env.REDIS_SENTINEL_MASTER === undefined) {
    problems.push('REDIS_SENTINELS is set without REDIS_SENTINEL_MASTER: name the master the sentinels watch (e.g. REDIS_SENTINEL_MASTER=mymaster)');
  }
  if (env.REDIS_SENTINEL_MASTER !== undefined && env.REDIS_SENTINELS === undefined) {
    problems.push('REDIS_SENTINEL_MASTER is set without REDIS_SENTINELS: list the sentinels (e.g. REDIS_SENTINELS=h1:26379,h2:26379)');
  }
  const target = readTarget(env, problems);
  return problems.length > 0 || !target ? { problems } : { target };
}

function readTarget(env: Env, problems: string[]): RedisTarget | undefined {
  if (env.REDIS_CLUSTER_NODES !== undefined) {
    const nodes = list(env.REDIS_CLUSTER_NODES).map((text) => parseUrl('REDIS_CLUSTER_NODES', text, 6379, problems));
    if (nodes.length === 0) problems.push('REDIS_CLUSTER_NODES: expected redis://host:port[,redis://host:port…] (the cluster’s seed nodes)');
    const auth = sameAuth('REDIS_CLUSTER_NODES', nodes, problems);
    return auth && { kind: 'cluster', nodes: nodes.map(hostPort), auth };
  }
  if (env.REDIS_SENTINELS !== undefined) {
    const sentinels = list(env.REDIS_SENTINELS).map((text) =>
      /^rediss?:\/\//.test(text) ? parseUrl('REDIS_SENTINELS', text, 26379, problems) : parseHostPort('REDIS_SENTINELS', text, problems),
    );
    if (sentinels.length === 0) problems.push('REDIS_SENTINELS: expected host:port[,host:port…] (the sentinels)');
    const sentinelAuth = sameAuth('REDIS_SENTINELS', sentinels, problems);
    // Without REDIS_SENTINEL_MASTER the problem is already said above.
    const master = env.REDIS_SENTINEL_MASTER === undefined ? undefined : parseMaster(env.REDIS_SENTINEL_MASTER, problems);
    return sentinelAuth && master && { kind: 'sentinel', sentinels: sentinels.map(hostPort), sentinelAuth, ...master };
  }
  const url = env.REDIS_URL ?? DEFAULT_URL;
  if (!/^rediss?:\/\/[^\s]+$/.test(url)) problems.push(`REDIS_URL=${shown(url)}: must be a redis:// or rediss:// URL, e.g. redis://127.0.0.1:6379`);
  return { kind: 'single', url };
}

interface Parsed extends HostPort {
  readonly auth: RedisAuth;
}

const hostPort = (p: Parsed): HostPort => ({ host: p.host, port: p.port });

function list(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function parseUrl(variable: string, text: string, defaultPort: number, problems: string[]): Parsed {
  const value = shown(text);
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (!url || !/^rediss?:$/.test(url.protocol) || !url.hostname || url.search || url.hash || !/^\/?0?$/.test(url.pathname)) {
    problems.push(`${variable}: ${value} is not a redis://[user:password@]host:port or rediss://… URL (no database number, no query)`);
    return { host: '', port: 0, auth: { tls: false } };
  }
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port ? Number(url.port) : defaultPort,
    auth: authOf(url),
  };
}

function parseHostPort(variable: string, text: string, problems: string[]): Parsed {
  const m = HOST_PORT.exec(text);
  const port = m?.[2] ? Number(m[2]) : 26379;
  if (!m || port < 1 || port > 65535) {
    problems.push(`${variable}: ${JSON.stringify(text)} is not host:port (or a redis:// / rediss:// URL with credentials)`);
    return { host: '', port: 0, auth: { tls: false } };
  }
  return { host: m[1]!.replace(/^\[(.*)\]$/, '$1'), port, auth: { tls: false } };
}

function parseMaster(text: string, problems: string[]): { masterName: string; masterAuth: RedisAuth } | undefined {
  if (NAME.test(text)) return { masterName: text, masterAuth: { tls: false } };
  const url = /^rediss?:\/\//.test(text) ? safeUrl(text) : undefined;
  if (url && NAME.test(url.hostname) && !url.port && /^\/?$/.test(url.pathname) && !url.search) {
    return { masterName: url.hostname, masterAuth: authOf(url) };
  }
  problems.push(
    `REDIS_SENTINEL_MASTER=${shown(text)}: expected the master's name (letters, digits, _ . -), or redis://[user:password@]name / rediss://… for its credentials and TLS`,
  );
  return undefined;
}

function safeUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

function authOf(url: URL): RedisAuth {
  return {
    ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
    tls: url.protocol === 'rediss:',
  };
}

// ioredis gives every node of a cluster (and every sentinel) the same options: refuse
// seeds that disagree instead of silently using the first one's password.
function sameAuth(variable: string, parsed: readonly Parsed[], problems: string[]): RedisAuth | undefined {
  const first = parsed[0]?.auth ?? { tls: false };
  const differ = parsed.some((p) => p.auth.username !== first.username || p.auth.password !== first.password || p.auth.tls !== first.tls);
  if (differ) problems.push(`${variable}: every entry must use the same scheme (redis:// or rediss://) and the same credentials`);
  return differ ? undefined : first;
}

/**
 * The environment variables that select `target`: what a child process needs to talk to the
 * same Redis. With `redact`, passwords are replaced by *** (for messages and logs).
 */
export function redisTargetEnv(target: RedisTarget, opts: { redact: boolean }): Record<string, string> {
  if (target.kind === 'single') return { REDIS_URL: opts.redact ? redactUrl(target.url) : target.url };
  if (target.kind === 'cluster') {
    return { REDIS_CLUSTER_NODES: target.nodes.map((n) => endpointText(n, target.auth, true, opts.redact)).join(',') };
  }
  const m = target.masterAuth;
  const withAuth = m.password || m.username || m.tls;
  return {
    REDIS_SENTINELS: target.sentinels.map((s) => endpointText(s, target.sentinelAuth, false, opts.redact)).join(','),
    REDIS_SENTINEL_MASTER: withAuth ? `${m.tls ? 'rediss' : 'redis'}://${userInfo(m, opts.redact)}${target.masterName}` : target.masterName,
  };
}

/** `VARIABLE=value` of the mode in use, passwords replaced by ***: for error messages and logs. */
export function describeRedisTarget(target: RedisTarget): string {
  return Object.entries(redisTargetEnv(target, { redact: true }))
    .map(([variable, value]) => `${variable}=${value}`)
    .join(' ');
}

function endpointText(at: HostPort, auth: RedisAuth, alwaysUrl: boolean, redact: boolean): string {
  const host = at.host.includes(':') ? `[${at.host}]` : at.host;
  if (!alwaysUrl && !auth.tls && !auth.password && !auth.username) return `${host}:${at.port}`;
  return `${auth.tls ? 'rediss' : 'redis'}://${userInfo(auth, redact)}${host}:${at.port}`;
}

function userInfo(auth: RedisAuth, redact: boolean): string {
  const user = encodeURIComponent(auth.username ?? '');
  if (!auth.password) return user ? `${user}@` : '';
  return `${user}:${redact ? '***' : encodeURIComponent(auth.password)}@`;
}

