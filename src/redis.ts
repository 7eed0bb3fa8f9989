import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';
import type { Logger } from './logger.ts';
import { describeRedisTarget, type RedisAuth, type RedisTarget } from './redis-target.ts';
import { redisUnreachable, unreachableReason } from './redis-unreachable.ts';

export { describeRedisTarget, type RedisTarget } from './redis-target.ts';

/** A connection to one server, a Sentinel-managed master, or a Redis Cluster. */
export type RedisClient = Redis | Cluster;

export interface ClientOptions {
  /** CLIENT SETNAME of the connection(s): shows who is who in CLIENT LIST. */
  readonly name: string;
  /** BullMQ worker connections block (BZPOPMIN) and must retry forever: `maxRetriesPerRequest: null`. */
  readonly blocking?: boolean;
  /**
   * Commands issued in one tick go out in one write. Pays where many short requests share a
   * connection (the HTTP pages: about twice the one-click throughput, bench/unsubscribe.ts).
   */
  readonly autoPipelining?: boolean;
}

/** The one place Redis connections are built, for whichever of the three kinds `target` names. */
export function createRedisClient(target: RedisTarget, opts: ClientOptions): RedisClient {
  const common: RedisOptions = {
    connectionName: opts.name,
    maxRetriesPerRequest: opts.blocking ? null : 2,
    enableOfflineQueue: true,
    enableAutoPipelining: opts.autoPipelining ?? false,
    // Keep trying to reconnect (at most every 2 s); commands fail fast meanwhile.
    retryStrategy: (times) => Math.min(times * 200, 2000),
    // disconnect() ends the socket and destroys it if the server has not closed its side
    // by then: 2 s by default, which a CLI command whose Redis does not answer waited out.
    disconnectTimeout: 200,
  };
  if (target.kind === 'single') return new Redis(target.url, common);
  if (target.kind === 'cluster') {
    const options: ClusterOptions = {
      redisOptions: { ...common, ...authOptions(target.auth) },
      enableAutoPipelining: common.enableAutoPipelining,
      enableOfflineQueue: true,
      clusterRetryStrategy: (times) => Math.min(times * 200, 2000),
    };
    return new Cluster(target.nodes.map((n) => ({ host: n.host, port: n.port })), options);
  }
  // Not ioredis's failoverDetector: its sentinel connections outlive quit() and keep a
  // finished CLI command from exiting. A failover breaks the old master's connection anyway.
  return new Redis({
    ...common,
    sentinels: target.sentinels.map((s) => ({ host: s.host, port: s.port })),
    name: target.masterName,
    role: 'master',
    ...authOptions(target.masterAuth),
    enableTLSForSentinelMode: target.masterAuth.tls,
    sentinelUsername: target.sentinelAuth.username,
    sentinelPassword: target.sentinelAuth.password,
    ...(target.sentinelAuth.tls ? { sentinelTLS: {} } : {}),
    // A demoted master that comes back answers writes with READONLY: ask the sentinels
    // again, and resend the command to the new master.
    reconnectOnError: (err) => (err.message.startsWith('READONLY') ? 2 : false),
  });
}

function authOptions(auth: RedisAuth): Pick<RedisOptions, 'username' | 'password' | 'tls'> {
  return { username: auth.username, password: auth.password, ...(auth.tls ? { tls: {} } : {}) };
}

/**
 * One log line when a connection fails and one when it is back, instead of ioredis's
 * "Unhandled error event" on stderr at every reconnect attempt. Without a logger the errors
 * are left to the commands that fail (CLI commands, tests).
 */
export function reportConnectionState(client: RedisClient, name: string, logger?: Logger): void {
  let down = false;
  client.on('error', (err: Error) => {
    if (down) return;
    down = true;
    logger?.warn({ connection: name, err: err.message }, 'Redis unreachable: retrying');
  });
  client.on('ready', () => {
    if (!down) return;
    down = false;
    logger?.info({ connection: name }, 'Redis reachable again');
  });
}

/** What start-up checks and readiness probes need of a connection: a ping, and its errors. */
export interface RedisHealth {
  ping(): Promise<unknown>;
  on(event: 'error', listener: (err: Error) => void): unknown;
  off(event: 'error', listener: (err: Error) => void): unknown;
}

/** What to do when Redis does not answer, for the mode in use, credentials hidden. */
function unreachable(target: RedisTarget, reason: string): Error {
  return redisUnreachable(describeRedisTarget(target), reason);
}

/**
 * One PING; resolves with null when Redis answered within `timeoutMs`, else with why not in
 * our words (the connection's own error — refused, wrong password — says more than ioredis'
 * "max retries").
 */
async function ping(client: RedisHealth, timeoutMs: number, lastError: () => Error | undefined): Promise<string | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(unreachableReason(lastError(), timeoutMs)), timeoutMs);
  });
  try {
    return await Promise.race([client.ping().then(() => null), timeout]);
  } catch (err) {
    return unreachableReason(lastError() ?? (err instanceof Error ? err : new Error(String(err))), timeoutMs);
  } finally {
    clearTimeout(timer);
  }
}

/** Tracks the last connection error, so that "no answer" can say why (connection refused, wrong password…). */
function lastErrorOf(client: RedisHealth): { get: () => Error | undefined; stop: () => void } {
  let last: Error | undefined;
  const onError = (err: Error) => {
    last = err;
  };
  client.on('error', onError);
  return { get: () => last, stop: () => client.off('error', onError) };
}

/** For CLI commands: fails at once, with a message that says what to do, when Redis does not answer. */
export async function assertRedisReachable(client: RedisHealth, target: RedisTarget, timeoutMs = 3000): Promise<void> {
  const errors = lastErrorOf(client);
  try {
    const problem = await ping(client, timeoutMs, errors.get);
    if (problem !== null) throw unreachable(target, problem);
  } finally {
    errors.stop();
  }
}

/**
 * For long-running processes: a restart or a failover makes Redis unavailable for seconds,
 * which must not stop a worker that is starting. PINGs with doubling waits (0.5 s, 1 s, 2 s, 4 s,
 * then every 5 s), one log line per failed attempt, and the CLI's error once `timeoutMs` is spent.
 */
export async function waitForRedis(client: RedisHealth, target: RedisTarget, opts: { timeoutMs: number; logger: Logger }): Promise<void> {
  const errors = lastErrorOf(client);
  const deadline = Date.now() + opts.timeoutMs;
  try {
    for (let attempt = 1, windowMs = 500; ; attempt += 1, windowMs = Math.min(windowMs * 2, 5000)) {
      const started = Date.now();
      const left = deadline - started;
      const problem = await ping(client, Math.max(Math.min(windowMs, left), 1), errors.get);
      if (problem === null) {
        if (attempt > 1) opts.logger.info({ attempt }, 'Redis answered: starting');
        return;
      }
      if (Date.now() >= deadline) throw unreachable(target, problem);
      const retryInMs = Math.max(0, Math.min(started + windowMs, deadline) - Date.now());
      opts.logger.warn(
        { attempt, redis: describeRedisTarget(target), err: problem, retryInMs, giveUpInMs: deadline - Date.now() },
        'Redis not answering yet: waiting (REDIS_STARTUP_TIMEOUT)',
      );
      await new Promise((r) => setTimeout(r, retryInMs));
    }
  } finally {
    errors.stop();
  }
}

/** How long a write waits for a replica's acknowledgement before it goes on without it. */
export const REPLICA_ACK_TIMEOUT_MS = 1000;
// ROLE is asked at most this often per connection: the common case, no replica, costs nothing per write.
const ROLE_CACHE_MS = 1000;
const replicaCounts = new WeakMap<Redis, { count: number; at: number }>();

/** Replicas attached to the server of that ROLE reply (0 when it is not a master). */
function replicasIn(role: unknown): number {
  return Array.isArray(role) && role[0] === 'master' && Array.isArray(role[2]) ? role[2].length : 0;
}

/**
 * The durability step of the writes that must survive a failover (the handover mark, an
 * acknowledged opt-out): replication is asynchronous, so a master that dies right after
 * answering may take the write with it. `WAIT 1` holds the caller until a replica has
 * everything this connection wrote, at most REPLICA_ACK_TIMEOUT_MS, and is skipped when the
 * server has no replica. `key` names the written key, so that on a cluster the WAIT goes
 * to the master of its slot. A replica that does not acknowledge in time is not an error:
 * the write is then as safe as the master.
 */
export async function waitForReplica(client: RedisClient, key: string): Promise<void> {
  if (client instanceof Cluster) {
    // A keyless command in a cluster pipeline goes to the node of the pipeline's key.
    const [[, role] = []] = (await client.pipeline().role().exists(key).exec()) ?? [];
    if (replicasIn(role) > 0) await client.pipeline().exists(key).wait(1, REPLICA_ACK_TIMEOUT_MS).exec();
    return;
  }
  const cached = replicaCounts.get(client);
  let count = cached && Date.now() - cached.at < ROLE_CACHE_MS ? cached.count : undefined;
  if (count === undefined) {
    // A server that refuses ROLE (an ACL, a managed service) is taken to have no replica:
    // this step is a safeguard, and must not make the writes it follows fail.
    count = replicasIn(await client.role().catch(() => null));
    replicaCounts.set(client, { count, at: Date.now() });
  }
  if (count > 0) await client.wait(1, REPLICA_ACK_TIMEOUT_MS);
}
