import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { Services } from '../../app/services.ts';
import type { Logger } from '../../logger.ts';
import type { Recipient } from '../../recipients/recipient.ts';
import { isLocalDate } from '../../time/zones.ts';
import { stream } from 'hono/streaming';
import { statusReport } from '../../delivery/status-report.ts';
import { queueSendAll, SEND_ALL_JOB } from '../../queue/send-all-job.ts';
import { applyOrgControls, viewOf } from '../../org/org-controls.ts';
import { recipientHistory } from '../../delivery/recipient-history.ts';
import { historyDays, statusQuery } from './status-query.ts';

const date = z.string().refine(isLocalDate, 'expected a date as YYYY-MM-DD');
const sendBody = z.union([
  z.object({ date, all: z.literal(true) }).strict(),
  z.object({ date, recipients: z.array(z.string().min(1).max(128)).min(1).max(10_000), force: z.boolean().optional() }).strict(),
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

  // A page at a time: the roster may hold a million people.
  app.get('/recipients', async (c) => {
    const cursor = c.req.query('cursor') ?? '0';
    const limit = Number(c.req.query('limit') ?? 100);
    if (!/^\d+(\.\d+)?$/.test(cursor)) return badRequest(c, 'cursor: expected the nextCursor of the previous page');
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) return badRequest(c, 'limit: expected a whole number from 1 to 1000');
    const [page, total] = await Promise.all([services.roster.page(cursor, limit), services.roster.count()]);
    const recipients: Recipient[] = page.recipients.map(({ seq: _seq, lastSent: _last, joined: _joined, ...r }) => r);
    return c.json({ recipients, nextCursor: page.nextCursor, total });
  });

  app.get('/recipients/:id', async (c) => {
    const id = c.req.param('id');
    const [recipient, optOut] = await Promise.all([services.roster.get(id), services.optouts.get(id)]);
    if (!recipient) return c.json({ error: `not on the roster: ${id}` }, 404);
    return c.json({ recipient, optOut });
  });

  // Takes one person off the roster (`recipients remove ID`); their opt-out is kept.
  app.delete('/recipients/:id', async (c) => {
    const id = c.req.param('id');
    if (!(await services.roster.get(id))) return c.json({ error: `not on the roster: ${id}; nothing removed` }, 404);
    const [removed, optOut] = await Promise.all([services.roster.remove([id]), services.optouts.get(id)]);
    audit.info({ recipientId: id, action: 'remove', removed: removed.length === 1 }, 'recipient removed by admin');
    return c.json({ removed: removed.length === 1, id, optOut });
  });

  // `briefing status --recipient ID --days N`: their last N local dates, newest first, each with why.
  app.get('/recipients/:id/history', async (c) => {
    const id = c.req.param('id');
    const days = historyDays(c.req.query('days'), services.config.outcomeRetentionMs);
    if (!days.ok) return badRequest(c, days.error);
    const recipient = await services.roster.get(id);
    if (!recipient) return c.json({ error: `not on the roster: ${id}` }, 404);
    return c.json(await recipientHistory(services, recipient, days.days));
  });

  // Streamed as it is read (in storage order): there may be a million.
  app.get('/optouts', (c) => {
    c.header('Content-Type', 'application/json; charset=utf-8');
    return stream(c, async (out) => {
      let first = true;
      await out.write('{"optouts":[');
      for await (const batch of services.optouts.batches()) {
        const text = batch.map((o) => JSON.stringify(o)).join(',');
        await out.write(`${first ? '' : ','}${text}`);
        first = false;
      }
      await out.write(']}');
    });
  });

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
    const query = statusQuery(c.req.query());
    if (!query.ok) return badRequest(c, query.error);
    return c.json(await statusReport(services, query.date, query.page));
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

  // The organisation's data controls (`briefing org`): sections and remote feeds off for everyone.
  app.get('/org', async (c) => c.json(viewOf(await services.orgSettings.get())));
  app.put('/org', async (c) => {
    const applied = await applyOrgControls(services.orgSettings, await jsonBody(c), 'admin-api');
    if (!applied.ok) return c.json({ error: `${applied.problems.join('; ')} (nothing changed)`, problems: applied.problems }, 400);
    const { settings, changed } = applied.result;
    audit.info({ action: 'org', ...settings, changed }, 'data controls set by admin');
    return c.json({ ...viewOf(settings), changed });
  });
  app.get('/org/audit', async (c) => {
    const entries = [];
    for await (const entry of services.orgSettings.audit()) entries.push(entry);
    return c.json({ entries });
  });

  // Send now: `briefing send` over HTTP, with the same rules (all → workdays apply; a list → a re-send).
  app.post('/send', async (c) => {
    const parsed = sendBody.safeParse(await jsonBody(c));
    if (!parsed.success) {
      return badRequest(c, 'body: expected {"date":"YYYY-MM-DD","all":true} or {"date":"YYYY-MM-DD","recipients":["id",…]}');
    }
    const body = parsed.data;
    if ('all' in body) {
      // The whole roster is walked by a worker process, not in this request: follow it at `progress`.
      if ((await services.roster.count()) === 0) return badRequest(c, 'the roster is empty: import one first');
      const job = await queueSendAll(services.fanOutQueue, body.date);
      audit.info({ action: 'send-all', date: body.date, job }, 'send to everyone requested by admin');
      return c.json({ date: body.date, job, progress: `/admin/api/send/${encodeURIComponent(job)}` }, 202);
    }
    // A list of at most 10,000: checked and queued here, so that an unknown id is refused with nothing queued.
    const ids = [...new Set(body.recipients)];
    const found = await services.roster.getMany(ids);
    const missing = ids.filter((id) => !found.has(id));
    if (missing.length > 0) return c.json({ error: `not on the roster: ${missing.join(', ')} (nothing was queued)` }, 404);
    if (body.force) {
      // A forced re-send (`send --recipient ID --force`): delivered or unknown ones too.
      const forced = await services.resend(body.date, [...found.values()]);
      audit.info({ action: 'send', date: body.date, count: ids.length, forced: forced.queued.length, inHandover: forced.inHandover }, 'forced re-send requested by admin');
      return c.json({ date: body.date, queued: forced.queued.length, forced: forced.queued.length, inHandover: forced.inHandover }, 202);
    }
    const result = await services.enqueue(body.date, [...found.values()], 'recipient');
    audit.info({ action: 'send', date: body.date, count: ids.length, ...result }, 'send requested by admin');
    return c.json({ date: body.date, ...result }, 202);
  });

  // Where an admin send to everyone is: waiting, active (with the totals so far), completed (with them all) or failed.
  app.get('/send/:job', async (c) => {
    const job = await services.fanOutQueue.getJob(c.req.param('job'));
    if (!job || job.name !== SEND_ALL_JOB) return c.json({ error: `no such send: ${c.req.param('job')} (they are kept for a day)` }, 404);
    const state = await job.getState();
    return c.json({
      job: job.id,
      date: (job.data as { date: string }).date,
      state,
      progress: job.progress && typeof job.progress === 'object' ? job.progress : null,
      result: state === 'completed' ? job.returnvalue : null,
      ...(state === 'failed' ? { error: job.failedReason } : {}),
    });
  });

  app.notFound((c) => c.json({ error: `no such admin route: ${c.req.method} ${c.req.path}` }, 404));
  return app;
}
