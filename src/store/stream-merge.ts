import type { RedisClient } from '../redis.ts';
import { isOlderStreamId } from './stream-ids.ts';

type StreamEntry = [id: string, fields: string[]];

/**
 * Reads the streams of every shard at once and yields their entries oldest first (stream ids
 * are times), a page of each at a time: the audit logs are kept per shard, and read as one.
 */
export async function* mergeStreams(client: RedisClient, streams: readonly string[]): AsyncIterable<{ id: string; fields: Record<string, string> }> {
  const PAGE = 200;
  const heads = await Promise.all(streams.map(async (key) => ({ key, page: (await client.xrange(key, '-', '+', 'COUNT', PAGE)) as StreamEntry[], i: 0 })));
  for (;;) {
    let best: (typeof heads)[number] | undefined;
    for (const h of heads) {
      if (h.i >= h.page.length) continue;
      if (!best || isOlderStreamId(h.page[h.i]![0], best.page[best.i]![0])) best = h;
    }
    if (!best) return;
    const [streamId, raw] = best.page[best.i]!;
    best.i += 1;
    if (best.i >= best.page.length && best.page.length === PAGE) {
      best.page = (await client.xrange(best.key, `(${streamId}`, '+', 'COUNT', PAGE)) as StreamEntry[];
      best.i = 0;
    }
    const fields: Record<string, string> = {};
    for (let i = 0; i < raw.length; i += 2) fields[raw[i]!] = raw[i + 1]!;
    yield { id: streamId, fields };
  }
}
