import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { RedisClient } from './client.ts';

const LUA_DIR = fileURLToPath(new URL('./lua/', import.meta.url));

/** Every script of the store, by file name without `-N.lua`. */
export type ScriptName =
  | 'gate' | 'record-outcome' | 'mark-pending' | 'record-if-absent' | 'force-resend' | 'settle-abandoned'
  | 'count-fanned-out' | 'upsert-recipients' | 'read-heads' | 'remove-recipient' | 'opt-out' | 'opt-in'
  | 'resubscribe' | 'claim-finish' | 'advance-last-tick' | 'register-zone' | 'fan-out-targets'
  | 'import-outcomes' | 'raise-last-sent' | 'merge-counters' | 'count-absent' | 'save-preferences'
  | 'change-org-settings';

interface LoadedScript {
  readonly lua: string;
  readonly sha: string;
  /** How many keys it takes; null for `-n` scripts, which take any number (all of one shard). */
  readonly keys: number | null;
}

/**
 * The store's Lua scripts, as BullMQ keeps its own: one `.lua` file per script in `lua/`,
 * named after what it does and how many keys it takes (`gate-6.lua`; `-n`: any number, all of
 * one shard's slot), with shared fragments
 * pulled in by `--@include name` (from `lua/includes/`). Read once per process, run by SHA
 * (EVALSHA) and sent in full only when Redis does not know them yet (after a restart, a
 * failover or SCRIPT FLUSH). On a cluster the call goes to the node of the first key; every
 * script names keys of one slot.
 */
export interface Scripts {
  run(name: ScriptName, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown>;
}

let loaded: Map<string, LoadedScript> | undefined;

function load(): Map<string, LoadedScript> {
  if (loaded) return loaded;
  const includes = new Map<string, string>();
  for (const file of readdirSync(`${LUA_DIR}includes`)) {
    if (file.endsWith('.lua')) includes.set(file.slice(0, -4), readFileSync(`${LUA_DIR}includes/${file}`, 'utf8'));
  }
  const scripts = new Map<string, LoadedScript>();
  for (const file of readdirSync(LUA_DIR)) {
    const match = /^(.+)-(\d+|n)\.lua$/.exec(file);
    if (!match) continue;
    const lua = readFileSync(`${LUA_DIR}${file}`, 'utf8').replace(/^--@include (\S+)$/gm, (_, name: string) => {
      const fragment = includes.get(name);
      if (fragment === undefined) throw new Error(`${file}: --@include ${name}: no lua/includes/${name}.lua`);
      return fragment;
    });
    scripts.set(match[1]!, { lua, sha: createHash('sha1').update(lua).digest('hex'), keys: match[2] === 'n' ? null : Number(match[2]) });
  }
  loaded = scripts;
  return scripts;
}

export function createScripts(client: RedisClient): Scripts {
  const scripts = load();
  return {
    async run(name, keys, args) {
      const script = scripts.get(name);
      if (!script) throw new Error(`no Lua script "${name}" in ${LUA_DIR}`);
      if (script.keys !== null && keys.length !== script.keys) throw new Error(`script ${name} takes ${script.keys} keys, given ${keys.length}`);
      try {
        return await client.evalsha(script.sha, keys.length, ...keys, ...args);
      } catch (err) {
        if (!String((err as Error).message).startsWith('NOSCRIPT')) throw err;
        return client.eval(script.lua, keys.length, ...keys, ...args);
      }
    },
  };
}
