import { createBullBoard } from '@bull-board/api';
import type { IServerAdapter } from '@bull-board/api/typings/app';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { HonoAdapter } from '@bull-board/hono';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Hono } from 'hono';
import type { Services } from '../../app/services.ts';

/** The bull-board dashboard of the send and schedule queues, served under `basePath`. */
export function queueDashboard(services: Pick<Services, 'sendQueue' | 'scheduleQueue'>, basePath: string): Hono {
  const serverAdapter = new HonoAdapter(serveStatic).setBasePath(basePath);
  createBullBoard({
    queues: [new BullMQAdapter(services.sendQueue), new BullMQAdapter(services.scheduleQueue)],
    // @bull-board/hono 9.10.1 pins its own @bull-board/api 9.10.1 beside our 9.10.2: the two
    // declare the same adapter contract with separate private fields, so TypeScript sees two
    // types. At run time the contract is the same (the dashboard test loads it in a browser).
    serverAdapter: serverAdapter as unknown as IServerAdapter,
    options: { uiConfig: { boardTitle: 'Briefing queues' } },
  });
  return serverAdapter.registerPlugin();
}
