import { z } from 'zod';
import { isLocalDate } from '../time/zones.ts';

export const SEND_QUEUE = 'send';

/**
 * Why the job exists. `schedule` and `all` respect the recipient's workdays; `recipient` is
 * an explicit request for one person (a re-send) and does not.
 */
export const TRIGGERS = ['schedule', 'all', 'recipient'] as const;
export type Trigger = (typeof TRIGGERS)[number];

export const sendJobSchema = z.object({
  recipientId: z.string().min(1).max(128),
  date: z.string().refine(isLocalDate, 'a date as YYYY-MM-DD'),
  trigger: z.enum(TRIGGERS),
  /** A re-send forced over a `sent` or `unknown` outcome (`send --recipient ID --force`). */
  force: z.literal(true).optional(),
});
export type SendJob = z.infer<typeof sendJobSchema>;

/** One job per recipient and date: BullMQ drops a second add with the same id while the first exists. */
export function sendJobId(date: string, recipientId: string): string {
  return `${date}.${recipientId}`;
}
