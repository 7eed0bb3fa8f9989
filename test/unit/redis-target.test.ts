import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { describeRedisTarget, redisTargetEnv } from '../../src/redis-target.ts';

describe('choosing one server, a cluster or Sentinel', () => {
  it('keeps REDIS_URL exactly as before', () => {
    expect(loadConfig({ REDIS_URL: 'rediss://u:p@cache.example:6380/2' }).redis).toEqual({ kind: 'single', url: 'rediss://u:p@cache.example:6380/2' });
  });

  it('takes a cluster’s seed nodes, with credentials and TLS in the URLs', () => {
    const { redis } = loadConfig({ REDIS_CLUSTER_NODES: 'rediss://app:s%3Acret@h1:7000, rediss://app:s%3Acret@[::1]:7001' });
    expect(redis).toEqual({
      kind: 'cluster',
      nodes: [
        { host: 'h1', port: 7000 },
        { host: '::1', port: 7001 },
      ],
      auth: { username: 'app', password: 's:cret', tls: true },
    });
    expect(describeRedisTarget(redis)).toBe('REDIS_CLUSTER_NODES=rediss://app:***@h1:7000,rediss://app:***@[::1]:7001');
  });

  it('takes sentinels and the master’s name, each with its own credentials and TLS', () => {
    const { redis } = loadConfig({
      REDIS_SENTINELS: 'redis://:sentinel-pw@s1:26379,redis://:sentinel-pw@s2',
      REDIS_SENTINEL_MASTER: 'rediss://app:master-pw@mymaster',
    });
    expect(redis).toEqual({
      kind: 'sentinel',
      sentinels: [
        { host: 's1', port: 26379 },
        { host: 's2', port: 26379 },
      ],
      sentinelAuth: { password: 'sentinel-pw', tls: false },
      masterName: 'mymaster',
      masterAuth: { username: 'app', password: 'master-pw', tls: true },
    });
    expect(describeRedisTarget(redis)).toBe('REDIS_SENTINELS=redis://:***@s1:26379,redis://:***@s2:26379 REDIS_SENTINEL_MASTER=rediss://app:***@mymaster');
    const plain = loadConfig({ REDIS_SENTINELS: 's1:26379,s2:26380', REDIS_SENTINEL_MASTER: 'mymaster' }).redis;
    expect(describeRedisTarget(plain)).toBe('REDIS_SENTINELS=s1:26379,s2:26380 REDIS_SENTINEL_MASTER=mymaster');
  });

  it('gives a child process the same choice, passwords included', () => {
    const env = { REDIS_SENTINELS: 'redis://:p%40ss@s1:26379', REDIS_SENTINEL_MASTER: 'redis://:m%2Fpw@mymaster' };
    const target = loadConfig(env).redis;
    expect(loadConfig(redisTargetEnv(target, { redact: false })).redis).toEqual(target);
    const cluster = loadConfig({ REDIS_CLUSTER_NODES: 'redis://u:p%40@h1:7000' }).redis;
    expect(loadConfig(redisTargetEnv(cluster, { redact: false })).redis).toEqual(cluster);
  });

  it.each([
    [{ REDIS_URL: 'redis://a:6379', REDIS_CLUSTER_NODES: 'redis://b:7000' }, /REDIS_URL and REDIS_CLUSTER_NODES are both set: use one of/],
    [{ REDIS_CLUSTER_NODES: 'redis://b:7000', REDIS_SENTINELS: 's:26379', REDIS_SENTINEL_MASTER: 'm' }, /REDIS_CLUSTER_NODES and REDIS_SENTINELS are both set/],
    [{ REDIS_SENTINELS: 's:26379' }, /^REDIS_SENTINELS is set without REDIS_SENTINEL_MASTER: name the master the sentinels watch \(e\.g\. REDIS_SENTINEL_MASTER=mymaster\)$/],
    [{ REDIS_SENTINEL_MASTER: 'mymaster' }, /REDIS_SENTINEL_MASTER is set without REDIS_SENTINELS/],
    [{ REDIS_CLUSTER_NODES: 'h1:7000' }, /REDIS_CLUSTER_NODES: "h1:7000" is not a redis:\/\//],
    [{ REDIS_CLUSTER_NODES: 'redis://h1:7000/3' }, /no database number/],
    [{ REDIS_CLUSTER_NODES: 'redis://:a@h1:7000,redis://:b@h2:7000' }, /REDIS_CLUSTER_NODES: every entry must use the same scheme .* and the same credentials/],
    [{ REDIS_SENTINELS: 's1:port', REDIS_SENTINEL_MASTER: 'm' }, /REDIS_SENTINELS: "s1:port" is not host:port/],
    [{ REDIS_SENTINELS: 's1:26379', REDIS_SENTINEL_MASTER: 'my master' }, /REDIS_SENTINEL_MASTER="my master": expected the master's name/],
  ])('refuses %j with a message naming the variables', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('reports every Redis problem at once, and never a password', () => {
    let message = '';
    try {
      loadConfig({ REDIS_URL: 'localhost', REDIS_CLUSTER_NODES: 'redis://:hunter2@h1:7000/9' });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/REDIS_URL and REDIS_CLUSTER_NODES are both set[\s\S]*REDIS_CLUSTER_NODES: "redis:\/\/\*\*\*@h1:7000\/9" is not/);
    expect(message).not.toContain('hunter2');
    expect(() => loadConfig({ REDIS_URL: 'http://:hunter2@x' })).toThrow(/REDIS_URL="http:\/\/\*\*\*@x": must be a redis:\/\//);
  });

  it('reads a {name} prefix, BullMQ’s hash-tag form, as the installation `name`', () => {
    expect(loadConfig({ BRIEFING_PREFIX: '{acme}' }).prefix).toBe('acme');
    expect(loadConfig({ BRIEFING_PREFIX: 'acme' }).prefix).toBe('acme');
    expect(() => loadConfig({ BRIEFING_PREFIX: '{acme' })).toThrow(/BRIEFING_PREFIX=.*optionally in braces/);
  });

  it('takes REDIS_STARTUP_TIMEOUT as a duration, 30 s by default', () => {
    expect(loadConfig({}).redisStartupTimeoutMs).toBe(30_000);
    expect(loadConfig({ REDIS_STARTUP_TIMEOUT: '2m' }).redisStartupTimeoutMs).toBe(120_000);
    expect(() => loadConfig({ REDIS_STARTUP_TIMEOUT: 'soon' })).toThrow(/REDIS_STARTUP_TIMEOUT="soon": must be a duration up to 10m/);
  });
});
