/** A connection to one Redis server (also through Sentinel) or to a Redis Cluster. */
export type { RedisClient } from '../redis.ts';
