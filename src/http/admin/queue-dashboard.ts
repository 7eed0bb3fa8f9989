import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { HonoAdapter } from '@bull-board/hono';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Hono } from 'hono';
import type { Services } from '../../app/services.ts';

/** The bull-board dashboard of the send, schedule and fan-out queues, served under `basePath`. */
export function queueDashboard(services: Pick<Services, 'sendQueues' | 'scheduleQueue' | 'fanOutQueue'>, basePath: string): Hono {
  const serverAdapter = new HonoAdapter(serveStatic).setBasePath(basePath);
  createBullBoard({
    queues: [
      ...services.sendQueues.all.map((q, i, all) => new BullMQAdapter(q, { displayName: all.length > 1 ? `send ${i + 1}` : 'send' })),
      new BullMQAdapter(services.scheduleQueue, { displayName: 'schedule' }),
      new BullMQAdapter(services.fanOutQueue, { displayName: 'fan-out' }),
    ],
    // @bull-board/api is pinned to the exact version @bull-board/hono depends on: with two
    // copies installed, TypeScript sees two incompatible adapter types.
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Briefing queues' } },
  });
  return serverAdapter.registerPlugin();
}
