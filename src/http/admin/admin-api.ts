import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { Services } from '../../app/services.ts';
import type { Logger } from '../../logger.ts';
import type { Recipient } from '../../recipients/recipient.ts';
import { isLocalDate } from '../../time/zones.ts';
import { statusReport } from '../../delivery/status-report.ts';

const date = z.string().refine(isLocalDate, 'expected a date as YYYY-MM-DD');
const sendBody = z.union([
  z.object({ date, all: z.literal(true) }).strict(),
  z.object({ date, recipients: z.array(z.string().min(1).max(128)).min(1).max(10_000) }).strict(),
]);

function badRequest(c: Context, error: z.ZodError | string) {
  if (typeof error === 'string') return c.json({ error }, 400);
  const issue = error.issues[0]!;
  const field = issue.path.join('.') || 'body';
  return c.json({ error: `${field}: ${issue.message}` }, 400);
}

async function jsonBody(c: Context): Promise<unknown> {
  try {
    return await c.req.json();
  } catch {
    return undefined;
  }
}

/** The JSON admin API (`/admin/api`): the same actions as the CLI, for ops tools. Mounted behind adminAuth. */
export function adminApi(services: Services, logger: Logger): Hono {
  const app = new Hono();
  const audit = logger.child({ part: 'admin' });

  // A page at a time (HSCAN): the roster may hold a million people.
  app.get('/recipients', async (c) => {
    const cursor = c.req.query('cursor') ?? '0';
    const limit = Number(c.req.query('limit') ?? 100);
    if (!/^\d+$/.test(cursor)) return badRequest(c, 'cursor: expected the nextCursor of the previous page');
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) return badRequest(c, 'limit: expected a whole number from 1 to 1000');
    const [next, flat] = await services.redis.hscan(services.keys.recipients, cursor, 'COUNT', limit);
    // Read back through the roster: what is in effect, the recipient's own preferences included.
    const ids = flat.filter((_, i) => i % 2 === 0);
    const found = await services.roster.getMany(ids);
    const recipients = ids.map((id) => found.get(id)).filter((r): r is Recipient => r !== undefined);
    return c.json({ recipients, nextCursor: next === '0' ? null : next, total: await services.roster.count() });
  });

  app.get('/recipients/:id', async (c) => {
    const id = c.req.param('id');
    const [recipient, optOut] = await Promise.all([services.roster.get(id), services.optouts.get(id)]);
    if (!recipient) return c.json({ error: `not on the roster: ${id}` }, 404);
    return c.json({ recipient, optOut });
  });

  app.get('/optouts', async (c) => c.json({ optouts: await services.optouts.list() }));

  app.put('/optouts/:id', async (c) => {
    const id = c.req.param('id');
    if (!(await services.roster.get(id))) return c.json({ error: `not on the roster: ${id}; nothing written` }, 404);
    const { optOut, created } = await services.optouts.optOut(id, 'admin');
    audit.info({ recipientId: id, action: 'opt-out', created }, 'admin opt-out');
    return c.json({ optOut, created }, created ? 201 : 200);
  });

  app.delete('/optouts/:id', async (c) => {
    const id = c.req.param('id');
    const [recipient, existing] = await Promise.all([services.roster.get(id), services.optouts.get(id)]);
    if (!recipient && !existing) return c.json({ error: `not on the roster and not opted out: ${id}; nothing written` }, 404);
    const removed = existing ? await services.optouts.optIn(id, 'admin') : false;
    audit.info({ recipientId: id, action: 'opt-in', removed }, 'admin opt-out removed');
    return c.json({ removed, enabled: recipient?.enabled ?? null });
  });

  app.get('/status', async (c) => {
    const parsed = date.safeParse(c.req.query('date'));
    if (!parsed.success) return badRequest(c, 'date: expected a date as YYYY-MM-DD (?date=2026-11-24)');
    return c.json(await statusReport(services, parsed.data));
  });

  app.get('/pause', async (c) => c.json({ paused: await services.orgSwitch.isPaused() }));
  app.post('/pause', async (c) => {
    await services.orgSwitch.pause();
    audit.info({ action: 'pause' }, 'paused by admin');
    return c.json({ paused: true });
  });
  app.post('/resume', async (c) => {
    await services.orgSwitch.resume();
    audit.info({ action: 'resume' }, 'resumed by admin');
    return c.json({ paused: false });
  });

  // Send now: `briefing send` over HTTP, with the same rules (all → workdays apply; a list → a re-send).
  app.post('/send', async (c) => {
    const parsed = sendBody.safeParse(await jsonBody(c));
    if (!parsed.success) {
      return badRequest(c, 'body: expected {"date":"YYYY-MM-DD","all":true} or {"date":"YYYY-MM-DD","recipients":["id",…]}');
    }
    const body = parsed.data;
    let ids: string[];
    if ('all' in body) {
      ids = (await services.roster.list()).map((r) => r.id);
      if (ids.length === 0) return badRequest(c, 'the roster is empty: import one first');
    } else {
      ids = [...new Set(body.recipients)];
      const found = await services.roster.getMany(ids);
      const missing = ids.filter((id) => !found.has(id));
      if (missing.length > 0) return c.json({ error: `not on the roster: ${missing.join(', ')} (nothing was queued)` }, 404);
    }
    const result = await services.enqueue(body.date, ids, 'all' in body ? 'all' : 'recipient');
    audit.info({ action: 'send', date: body.date, count: ids.length, ...result }, 'send requested by admin');
    return c.json({ date: body.date, ...result }, 202);
  });

  app.notFound((c) => c.json({ error: `no such admin route: ${c.req.method} ${c.req.path}` }, 404));
  return app;
}
