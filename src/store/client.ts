import type { Cluster, Redis } from 'ioredis';

/** A connection to one Redis server (also through Sentinel) or to a Redis Cluster. */
export type RedisClient = Redis | Cluster;
