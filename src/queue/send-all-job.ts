import { z } from 'zod';
import type { Queue } from 'bullmq';
import { isLocalDate, type LocalDate } from '../time/zones.ts';

/**
 * The admin's "send now to everyone" (`POST /admin/api/send` with `all`), queued for a
 * worker process instead of walking a roster of any size inside an HTTP request. It rides
 * the fan-out queue; its progress and result stay readable for a day.
 */
export const SEND_ALL_JOB = 'send-all';

const sendAllData = z.object({ date: z.string().refine(isLocalDate, 'a date as YYYY-MM-DD') });

export async function queueSendAll(queue: Queue, date: LocalDate, now = new Date()): Promise<string> {
  const job = await queue.add(SEND_ALL_JOB, { date } satisfies z.infer<typeof sendAllData>, {
    jobId: `send-all.${date}.${now.getTime().toString(36)}`,
    removeOnComplete: { age: 24 * 3600 },
    removeOnFail: { age: 7 * 24 * 3600 },
  });
  return job.id!;
}

export function parseSendAllJob(data: unknown): LocalDate | null {
  const parsed = sendAllData.safeParse(data);
  return parsed.success ? parsed.data.date : null;
}
