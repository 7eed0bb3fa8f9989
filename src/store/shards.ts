/**
 * Recipient state is spread over SHARDS shards. Every key of one shard carries that shard's
 * hash tag, so a script that touches one recipient's record, opt-out and outcome touches one
 * Redis Cluster slot, while the shards themselves sit on every master.
 *
 * The tags are chosen so that shard i hashes to a slot in [i·128, (i+1)·128): any split of
 * the 16,384 slots into contiguous ranges (what `redis-cli --cluster create` and rebalancing
 * do) gives every master an equal share of the shards. They are part of every key name:
 * never change this table (test/unit/store/shards.test.ts pins it).
 */
export const SHARDS = 128;

export const SHARD_TAGS: readonly string[] = [
  "s0.116", "s1.176", "s2.6", "s3.68", "s4.9", "s5.57", "s6.30", "s7.11",
  "s8.134", "s9.22", "s10.64", "s11.45", "s12.39", "s13.6", "s14.102", "s15.162",
  "s16.168", "s17.25", "s18.15", "s19.34", "s20.160", "s21.100", "s22.155", "s23.135",
  "s24.137", "s25.157", "s26.102", "s27.162", "s28.66", "s29.47", "s30.164", "s31.104",
  "s32.27", "s33.332", "s34.312", "s35.22", "s36.161", "s37.101", "s38.367", "s39.307",
  "s40.176", "s41.6", "s42.143", "s43.123", "s44.118", "s45.24", "s46.43", "s47.9",
  "s48.129", "s49.149", "s50.54", "s51.75", "s52.121", "s53.28", "s54.161", "s55.101",
  "s56.49", "s57.68", "s58.8", "s59.79", "s60.3", "s61.343", "s62.61", "s63.40",
  "s64.19", "s65.38", "s66.162", "s67.102", "s68.55", "s69.74", "s70.104", "s71.164",
  "s72.68", "s73.49", "s74.153", "s75.133", "s76.11", "s77.30", "s78.126", "s79.21",
  "s80.55", "s81.74", "s82.13", "s83.32", "s84.135", "s85.155", "s86.100", "s87.160",
  "s88.59", "s89.78", "s90.302", "s91.2", "s92.171", "s93.111", "s94.79", "s95.58",
  "s96.61", "s97.40", "s98.70", "s99.51", "s100.62", "s101.43", "s102.24", "s103.114",
  "s104.22", "s105.176", "s106.5", "s107.45", "s108.163", "s109.103", "s110.37", "s111.16",
  "s112.372", "s113.0", "s114.332", "s115.352", "s116.57", "s117.76", "s118.46", "s119.67",
  "s120.170", "s121.21", "s122.46", "s123.67", "s124.79", "s125.58", "s126.376", "s127.0",
];

export const ALL_SHARDS: readonly number[] = Array.from({ length: SHARDS }, (_, i) => i);

/** The shard of a recipient id (FNV-1a, 32 bits): stable across processes and versions. */
export function shardOf(id: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i += 1) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % SHARDS;
}
