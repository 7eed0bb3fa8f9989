import type { RedisClient } from '../client.ts';
import type { StoreKeys } from '../keys.ts';

export interface MigrationMark {
  /** When the unfinished migration started (ISO). */
  readonly started: string;
  /** The steps it finished. */
  readonly done: ReadonlySet<string>;
  /** The id of the last entry of the earlier audit stream it copied. */
  readonly auditCopied: string | null;
}

/**
 * What an unfinished `briefing migrate` has done (`prefix:migration`). While the mark is
 * there every other process refuses to start (Store.checkLayout); a re-run reads it to skip
 * the steps already done, and the last step removes it and sets the layout version.
 */
export interface MigrationProgress {
  read(): Promise<MigrationMark | null>;
  /** The layout version set (`prefix:schema`), or null before the first start. */
  version(): Promise<string | null>;
  /** Sets the mark (keeps the first start time of a re-run). */
  begin(now: Date): Promise<void>;
  markDone(step: string): Promise<void>;
  markAuditCopied(streamId: string): Promise<void>;
  /** The layout version, then no mark: other processes may start. */
  finish(version: string): Promise<void>;
}

export function createMigrationProgress(client: RedisClient, keys: StoreKeys): MigrationProgress {
  return {
    async read() {
      const fields = await client.hgetall(keys.migration);
      if (!fields.started) return null;
      const done = new Set(Object.keys(fields).filter((f) => f.startsWith('done:')).map((f) => f.slice('done:'.length)));
      return { started: fields.started, done, auditCopied: fields.auditCopied ?? null };
    },
    version: () => client.get(keys.schema),
    async begin(now) {
      await client.hsetnx(keys.migration, 'started', now.toISOString());
    },
    async markDone(step) {
      await client.hset(keys.migration, `done:${step}`, '1');
    },
    async markAuditCopied(streamId) {
      await client.hset(keys.migration, 'auditCopied', streamId);
    },
    async finish(version) {
      await client.set(keys.schema, version);
      await client.del(keys.metricsMigrated);
      await client.del(keys.migration);
    },
  };
}
