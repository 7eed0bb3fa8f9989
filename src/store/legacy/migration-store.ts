import type { RedisClient } from '../client.ts';
import type { StoreKeys } from '../keys.ts';
import type { Scripts } from '../scripts.ts';
import type { ZoneTable } from '../zones.ts';
import { createLayoutImport, type LayoutImport } from './layout-import.ts';
import { legacyKeys } from './legacy-keys.ts';
import { createLegacyLayout, type LegacyLayout } from './legacy-layout.ts';
import { createMigrationProgress, type MigrationProgress } from './migration-progress.ts';

/** What `briefing migrate` reads and writes: the earlier layout, this one, and its own progress. */
export interface MigrationStore {
  readonly legacy: LegacyLayout;
  readonly into: LayoutImport;
  readonly progress: MigrationProgress;
}

export function createMigrationStore(
  client: RedisClient,
  keys: StoreKeys,
  scripts: Scripts,
  zones: ZoneTable,
  prefix: string,
): MigrationStore {
  return {
    legacy: createLegacyLayout(client, legacyKeys(prefix), scripts),
    into: createLayoutImport(client, keys, scripts, zones),
    progress: createMigrationProgress(client, keys),
  };
}
