import type { RedisClient } from './client.ts';
import { storeKeys } from './keys.ts';
import { createMetricsStore, type MetricsStore } from './metrics-store.ts';
import { createOptOutStore, type OptOutStore } from './optout-store.ts';
import { createOrgSwitch, type OrgSwitch } from './org-switch.ts';
import { createOutcomeStore, type OutcomeStore } from './outcome-store.ts';
import { createRosterStore, type RosterStore } from './roster-store.ts';
import { createScheduleStore, type ScheduleStore } from './schedule-store.ts';
import { createScripts } from './scripts.ts';
import { createZoneTable } from './zones.ts';

/** The data layout this code reads and writes (`prefix:schema`). */
export const LAYOUT_VERSION = '2';

/**
 * The Redis data model: every store over one connection. Each store is the only code that
 * reads or writes its keys; nothing outside `src/store/` builds a key or runs a script.
 */
export interface Store {
  readonly roster: RosterStore;
  readonly outcomes: OutcomeStore;
  readonly optouts: OptOutStore;
  readonly orgSwitch: OrgSwitch;
  readonly schedule: ScheduleStore;
  readonly metrics: MetricsStore;
  /** Redis answers (readiness). */
  ping(): Promise<void>;
  /**
   * Refuses to run on data of the earlier one-key-per-kind layout (it would look like an
   * empty roster, and its opt-outs would be ignored). Reads only: the first import marks the
   * layout.
   */
  checkLayout(): Promise<void>;
}

export interface StoreOptions {
  readonly prefix: string;
  /** How long per-person outcomes are kept (OUTCOME_RETENTION), in seconds. */
  readonly retentionSeconds: number;
  /** Entries the opt-out audit log keeps in all (OPTOUT_AUDIT_MAX_ENTRIES); the oldest go first. */
  readonly auditMaxEntries?: number;
}

export function createStore(client: RedisClient, opts: StoreOptions): Store {
  const keys = storeKeys(opts.prefix);
  const scripts = createScripts(client);
  const zones = createZoneTable(client, keys, scripts);
  return {
    roster: createRosterStore(client, keys, scripts, () => client.set(keys.schema, LAYOUT_VERSION, 'NX').then(() => undefined)),
    outcomes: createOutcomeStore(client, keys, scripts, zones, { retentionSeconds: opts.retentionSeconds }),
    optouts: createOptOutStore(client, keys, scripts, { auditMaxEntries: opts.auditMaxEntries }),
    orgSwitch: createOrgSwitch(client, keys),
    schedule: createScheduleStore(client, keys, scripts),
    metrics: createMetricsStore(client, keys),
    async ping() {
      await client.ping();
    },
    async checkLayout() {
      const [version, legacy] = await Promise.all([client.get(keys.schema), client.exists(keys.legacyRoster)]);
      if (version === null && legacy === 1) {
        throw new Error(
          `BRIEFING_PREFIX=${opts.prefix}: this Redis holds Briefing data in the earlier layout (one hash per kind). ` +
            'Run `briefing migrate` once to move it to this version’s layout, then start again.',
        );
      }
      if (version !== null && version !== LAYOUT_VERSION) {
        throw new Error(`BRIEFING_PREFIX=${opts.prefix}: the data is in layout ${version}; this version reads layout ${LAYOUT_VERSION}. Use the matching version of Briefing.`);
      }
    },
  };
}
