import type { RedisClient } from './client.ts';
import { storeKeys } from './keys.ts';
import { legacyKeys } from './legacy/legacy-keys.ts';
import { createMigrationStore, type MigrationStore } from './legacy/migration-store.ts';
import { createMetricsStore, type MetricsStore } from './metrics-store.ts';
import { createPreferencesStore, type PreferencesStore } from './preferences-store.ts';
import { createFocusBookingStore, type FocusBookingStore } from './focus-booking-store.ts';
import { createOptOutStore, type OptOutStore } from './optout-store.ts';
import { createOrgSwitch, type OrgSwitch } from './org-switch.ts';
import { createOrgSettingsStore, type OrgSettingsStore } from './org-settings-store.ts';
import { createOutcomeStore, type OutcomeStore } from './outcome-store.ts';
import { createRosterStore, type RosterStore } from './roster-store.ts';
import { createScheduleStore, type ScheduleStore } from './schedule-store.ts';
import { createScripts } from './scripts.ts';
import { createZoneTable, type ZoneTable } from './zones.ts';

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
  /** The organisation's data controls: sections and remote feeds off for everyone (`briefing org`). */
  readonly orgSettings: OrgSettingsStore;
  readonly schedule: ScheduleStore;
  readonly metrics: MetricsStore;
  /** The recipient's own settings (preferences page), laid over the roster by its reads. */
  readonly preferences: PreferencesStore;
  /** Focus blocks already sent as invitations (one per block). */
  readonly focusBookings: FocusBookingStore;
  /** `briefing migrate`: the earlier layout, and moving it into this one. */
  readonly migration: MigrationStore;
  /** Time zones by small number (send jobs and outcome records carry the number). */
  readonly zones: ZoneTable;
  /** Redis answers (readiness). */
  ping(): Promise<void>;
  /**
   * Refuses to run on data of the earlier one-key-per-kind layout (it would look like an
   * empty roster, and its opt-outs would be ignored) or while a `briefing migrate` is
   * unfinished. Reads only: the first import marks the layout.
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
    orgSettings: createOrgSettingsStore(client, keys, scripts),
    schedule: createScheduleStore(client, keys, scripts),
    metrics: createMetricsStore(client, keys),
    preferences: createPreferencesStore(client, keys, scripts),
    focusBookings: createFocusBookingStore(client, keys),
    migration: createMigrationStore(client, keys, scripts, zones, opts.prefix),
    zones,
    async ping() {
      await client.ping();
    },
    async checkLayout() {
      const old = legacyKeys(opts.prefix);
      const [version, legacy, migrating] = await Promise.all([
        client.get(keys.schema),
        // The roster or the opt-outs: an installation with either must not start as if empty.
        Promise.all([client.exists(old.recipients), client.exists(old.optouts)]).then((n) => n.some((e) => e === 1)),
        client.exists(keys.migration),
      ]);
      if (migrating === 1) {
        throw new Error(
          `BRIEFING_PREFIX=${opts.prefix}: a \`briefing migrate\` is running, or stopped before it finished. ` +
            'Nothing starts until it has finished: if none is running, run `briefing migrate` again (it continues where it stopped).',
        );
      }
      if (version === null && legacy) {
        throw new Error(
          `BRIEFING_PREFIX=${opts.prefix}: this Redis holds Briefing data in the earlier layout (one hash per kind). ` +
            'Stop every process of the earlier version, run `briefing migrate` once to move the data to this version’s layout, then start again.',
        );
      }
      if (version !== null && version !== LAYOUT_VERSION) {
        throw new Error(`BRIEFING_PREFIX=${opts.prefix}: the data is in layout ${version}; this version reads layout ${LAYOUT_VERSION}. Use the matching version of Briefing.`);
      }
    },
  };
}
