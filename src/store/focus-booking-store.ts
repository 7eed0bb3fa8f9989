import type { FocusBlock } from '../focus/focus-block.ts';
import type { RedisClient } from '../redis.ts';
import type { StoreKeys } from './keys.ts';
import { shardOf } from './shards.ts';

/** A booking is remembered a day past its block's end: long enough for every click on the link. */
const KEEP_AFTER_END_S = 86_400;

/** Focus blocks already sent as invitations: one invitation per block, however often the link is clicked. */
export interface FocusBookingStore {
  /** Claims the block for one send (SET NX); false when it was sent, or is being sent, already. */
  claim(recipientId: string, block: FocusBlock, now: Date): Promise<boolean>;
  /** The invitation went out. */
  sent(recipientId: string, block: FocusBlock, now: Date): Promise<void>;
  /** The send failed: the next click may try again. */
  release(recipientId: string, block: FocusBlock): Promise<void>;
}

export function createFocusBookingStore(client: RedisClient, keys: StoreKeys): FocusBookingStore {
  const key = (id: string, b: FocusBlock) => keys.shard(shardOf(id)).focusBooking(id, b.date, b.start, b.end);
  const ttl = (b: FocusBlock, now: Date) => Math.max(60, Math.ceil((b.endAt.getTime() - now.getTime()) / 1000) + KEEP_AFTER_END_S);
  return {
    async claim(id, block, now) {
      return (await client.set(key(id, block), `sending ${now.toISOString()}`, 'EX', ttl(block, now), 'NX')) === 'OK';
    },
    async sent(id, block, now) {
      await client.set(key(id, block), `sent ${now.toISOString()}`, 'EX', ttl(block, now));
    },
    async release(id, block) {
      await client.del(key(id, block));
    },
  };
}
