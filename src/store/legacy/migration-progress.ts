import type { RedisClient } from '../client.ts';
import type { StoreKeys } from '../keys.ts';

export interface MigrationMark {
  /** When the unfinished migration started (ISO). */
  readonly started: string;
  /** The steps it finished. */
  readonly done: ReadonlySet<string>;
  /** What its steps noted to continue from (the last audit entry copied). */
  readonly notes: ReadonlyMap<string, string>;
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
  /** Takes back the done marks of the steps whose names start with `prefix`: a re-run does them again. */
  unmark(prefix: string): Promise<void>;
  /** Notes something a re-run continues from (the last audit entry copied). */
  note(name: string, value: string): Promise<void>;
  /** The layout version, then no mark: other processes may start. */
  finish(version: string): Promise<void>;
}

export function createMigrationProgress(client: RedisClient, keys: StoreKeys): MigrationProgress {
  return {
    async read() {
      const fields = await client.hgetall(keys.migration);
      if (!fields.started) return null;
      const done = new Set<string>();
      const notes = new Map<string, string>();
      for (const [field, value] of Object.entries(fields)) {
        if (field.startsWith('done:')) done.add(field.slice('done:'.length));
        else if (field.startsWith('note:')) notes.set(field.slice('note:'.length), value);
      }
      return { started: fields.started, done, notes };
    },
    version: () => client.get(keys.schema),
    async begin(now) {
      await client.hsetnx(keys.migration, 'started', now.toISOString());
    },
    async markDone(step) {
      await client.hset(keys.migration, `done:${step}`, '1');
    },
    async unmark(prefix) {
      const marks = Object.keys(await client.hgetall(keys.migration)).filter((f) => f.startsWith(`done:${prefix}`));
      if (marks.length > 0) await client.hdel(keys.migration, ...marks);
    },
    async note(name, value) {
      await client.hset(keys.migration, `note:${name}`, value);
    },
    async finish(version) {
      await client.set(keys.schema, version);
      await client.del(keys.metricsMigrated);
      await client.del(keys.migration);
    },
  };
}
