import { pino } from 'pino';
import type { Hono } from 'hono';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createServices } from '../../src/app/services.ts';
import { createApp } from '../../src/http/create-app.ts';
import { preferencesRoutes } from '../../src/http/preferences/preferences-routes.ts';
import { createSchedulerTick } from '../../workers/scheduler.ts';
import { fanOutNow } from '../helpers/fan-out.ts';
import { freePort } from '../helpers/free-port.ts';
import { cliEnv, runCli } from '../helpers/run-cli.ts';
import { startSmtpReceiver, type SmtpReceiver } from '../helpers/smtp-receiver.ts';
import { createTestStack, waitForOutcomes, type TestStack } from '../helpers/stack.ts';
import { testConfig } from '../helpers/test-config.ts';

const silent = pino({ level: 'silent' });
// Tuesday 24 November 2026, before anyone's send time.
const NOW = new Date('2026-11-24T05:00:00Z');
const TUE = '2026-11-24';

const form = (fields: Record<string, string | string[]>) => {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) for (const v of [value].flat()) body.append(name, v);
  return body.toString();
};
const FULL = {
  sendAt: '09:15',
  timeZone: 'Europe/London',
  workdays: ['mon', 'tue', 'wed', 'thu'],
  locale: 'de',
  sections: ['meetings', 'tasks', 'followUps', 'focus'],
  pausedUntil: '',
};

describe('the preferences page', () => {
  let stack: TestStack;
  let app: Hono;
  let smtp: SmtpReceiver;
  const path = (id: string) => `/preferences/${stack.services.tokens.sign(id)}`;
  const post = (id: string, fields: Record<string, string | string[]>) =>
    app.request(path(id), { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: form(fields) });
  const audit = async () => {
    const entries = [];
    for await (const e of stack.services.preferences.audit()) entries.push(e);
    return entries;
  };

  beforeAll(async () => {
    smtp = await startSmtpReceiver();
  });

  afterAll(async () => {
    await smtp?.close();
  });

  // A stack (Redis prefix) per test: no test clears another's keys, or reaches into any.
  const ada = 'u-ada';
  beforeEach(async () => {
    smtp.received.length = 0;
    stack = await createTestStack({ SMTP_URL: smtp.url });
    app = createApp({ services: stack.services, logger: silent, now: () => NOW });
    await stack.write('tasks.json', JSON.stringify({ tasks: [{ title: 'Send the board memo', due: TUE }], followUps: [{ title: 'Reply to Grace' }] }));
    await stack.importRoster([
      { id: ada, email: 'ada@example.com', name: 'Ada Lovelace', locale: 'nl', timeZone: 'Europe/Amsterdam', sendAt: '07:30', content: 'tasks.json' },
    ]);
  });

  afterEach(async () => {
    await stack.services.scheduleQueue.obliterate({ force: true }).catch(() => undefined);
    await stack.stop();
  });

  it('shows the settings in effect in the reader’s language, and a GET changes nothing', async () => {
    const res = await app.request(path(ada));
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(html).toContain('<html lang="nl"');
    expect(html).toContain('Je Briefing-voorkeuren');
    expect(html).toContain('name="sendAt" value="07:30"');
    expect(html).toContain('<option value="Europe/Amsterdam" selected>');
    expect(html).toContain('value="mon" checked');
    expect(html).not.toContain('value="sat" checked');
    expect(html).toContain('<option value="de">Deutsch</option>');
    expect(html).not.toContain('<script');
    expect(await stack.services.preferences.get(ada)).toBeNull();
    expect(await audit()).toEqual([]);
  });

  it('answers a tampered token with the same 400 page as an unsubscribe link', async () => {
    const token = stack.services.tokens.sign(ada);
    const res = await app.request(`/preferences/${token.slice(0, -2)}xx`);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('This link is not valid');
    expect((await app.request('/unsubscribe/nonsense')).status).toBe(400);
  });

  it('saves the whole form, audits it, answers in the new language, and the CLI and the scheduler follow at once', async () => {
    const res = await post(ada, FULL);
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain('<html lang="de"');
    expect(html).toContain('Ihre Einstellungen sind gespeichert');
    await expect(audit()).resolves.toHaveLength(1);
    expect((await audit())[0]).toMatchObject({ id: ada, kept: { sendAt: '09:15', timeZone: 'Europe/London', locale: 'de' } });

    // The form shows the new values.
    expect(await (await app.request(path(ada))).text()).toContain('name="sendAt" value="09:15"');

    // `schedule next` uses the new time and zone: 09:15 London is 09:15Z in November.
    const next = await runCli(['schedule', 'next', '--recipient', ada, '--from', '2026-11-24T00:00:00Z', '--count', '2', '--json'], cliEnv(stack.config));
    expect(next.code, next.stderr).toBe(0);
    expect(JSON.parse(next.stdout)).toMatchObject({
      timeZone: 'Europe/London',
      sendAt: '09:15',
      workdays: ['mon', 'tue', 'wed', 'thu'],
      sends: [{ date: TUE, at: '2026-11-24T09:15:00.000Z' }, { date: '2026-11-25', at: '2026-11-25T09:15:00.000Z' }],
    });

    // The scheduler: nothing at the old time (07:30 Amsterdam = 06:30Z), the fan-out at the new one.
    const tick = createSchedulerTick(stack.services, silent);
    const queued = async () => (await Promise.all(stack.services.sendQueues.all.map((q) => q.getJobs(['waiting', 'delayed', 'prioritized'])))).flat().map((j) => j.name);
    await tick(new Date('2026-11-24T06:00:00Z'));
    const oldAt = new Date('2026-11-24T06:30:20Z');
    await tick(oldAt);
    await fanOutNow(stack.services, { now: () => oldAt });
    expect(await queued()).toEqual([]);
    const dueAt = new Date('2026-11-24T09:15:20Z');
    const due = await tick(dueAt);
    expect(due.done.map((d) => `${d.group.timeZone}|${d.group.sendAt} ${d.date}`)).toEqual([`Europe/London|09:15 ${TUE}`]);
    await fanOutNow(stack.services, { now: () => dueAt });
    expect(await queued()).toEqual([ada]);
  });

  it('keeps the recipient’s choices through the next import, which still changes what they never touched', async () => {
    await post(ada, FULL);
    await stack.importRoster([
      { id: ada, email: 'ada@example.com', name: 'Ada Lovelace', locale: 'nl', timeZone: 'Europe/Amsterdam', sendAt: '07:30', workHours: { start: '08:00', end: '16:00' } },
    ]);
    const [listed] = JSON.parse((await runCli(['recipients', 'list', '--json'], cliEnv(stack.config))).stdout);
    expect(listed).toMatchObject({ sendAt: '09:15', timeZone: 'Europe/London', locale: 'de', workHours: { start: '08:00', end: '16:00' } });
    const next = JSON.parse((await runCli(['schedule', 'next', '--recipient', ada, '--from', '2026-11-24T00:00:00Z', '--count', '1', '--json'], cliEnv(stack.config))).stdout);
    expect(next.sends).toEqual([{ date: TUE, at: '2026-11-24T09:15:00.000Z' }]);
  });

  it('the unsubscribe pages, one-click included, speak the language the recipient chose', async () => {
    await post(ada, FULL);
    const token = stack.services.tokens.sign(ada);
    expect(await (await app.request(`/unsubscribe/${token}`)).text()).toContain('Die tägliche Briefing-E-Mail abbestellen?');
    const oneClick = await app.request(`/unsubscribe/${token}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(await oneClick.text()).toContain('Sie haben das Briefing abbestellt');
  });

  it('refuses a form with every problem listed at once, and saves nothing', async () => {
    const res = await post(ada, { sendAt: '25:00', timeZone: 'Mars/Olympus', locale: 'xx', pausedUntil: '2026-11-01' });
    const html = await res.text();
    expect(res.status).toBe(400);
    for (const problem of ['Versturen om:', 'Tijdzone:', 'Dagen:', 'Taal:', 'Laten zien:', 'Pauzeren:']) expect(html).toContain(problem);
    expect(await stack.services.preferences.get(ada)).toBeNull();
    expect(await audit()).toEqual([]);
  });

  it('a worker leaves out the sections the recipient turned off, and skips a day with nothing left', async () => {
    await post(ada, { ...FULL, sendAt: '07:30', timeZone: 'Europe/Amsterdam', locale: 'nl', sections: ['followUps'] });
    await stack.startWorker();
    await stack.services.enqueue(TUE, [ada], 'all');
    expect((await waitForOutcomes(stack.services, TUE, [ada])).get(ada)?.status).toBe('sent');
    const [mail] = await smtp.waitFor(1);
    expect(mail!.parsed.text).toContain('Reply to Grace');
    expect(mail!.parsed.text).not.toContain('Send the board memo');
    expect(String(mail!.parsed.html)).not.toContain('Taken');

    await post(ada, { ...FULL, sendAt: '07:30', timeZone: 'Europe/Amsterdam', locale: 'nl', sections: ['meetings'] });
    await stack.services.enqueue('2026-11-25', [ada], 'all');
    expect((await waitForOutcomes(stack.services, '2026-11-25', [ada])).get(ada)?.status).toBe('skipped:empty');
  });

  it('does not offer a section the organisation turned off, and a save neither turns it on nor loses the person’s own choice of it', async () => {
    const nl = { ...FULL, sendAt: '07:30', timeZone: 'Europe/Amsterdam', locale: 'nl' };
    await post(ada, { ...nl, sections: ['meetings', 'followUps'] });
    await stack.services.orgSettings.change({ off: ['tasks'] }, 'console');
    const html = await (await app.request(path(ada))).text();
    expect(html).toContain('value="tasks" disabled>Taken <span class="hint">(uitgezet door je organisatie)</span>');
    expect(html).toContain('value="followUps" checked');

    // A form that asks for tasks (as a script could): Ada's own choice, without tasks, stays.
    const saved = await post(ada, { ...nl, sections: ['meetings', 'tasks', 'followUps'] });
    expect(saved.status).toBe(200);
    expect((await stack.services.preferences.get(ada))?.sections).toEqual(['meetings', 'followUps']);

    // Back on for the organisation: Ada's choice applies, and she ticks tasks herself.
    await stack.services.orgSettings.change({ on: ['tasks'] }, 'console');
    expect(await (await app.request(path(ada))).text()).toContain('value="tasks">Taken</label>');
    await post(ada, { ...nl, sections: ['tasks', 'followUps'] });
    // Off again: the browser posts no disabled box, and her tasks stay chosen for when it comes back.
    await stack.services.orgSettings.change({ off: ['tasks'] }, 'console');
    const again = await (await post(ada, { ...nl, sections: ['followUps'] })).text();
    expect((await stack.services.preferences.get(ada))?.sections).toEqual(['tasks', 'followUps']);
    expect(again).not.toContain('Taken');
  });

  it('a worker honours "pause until", says so in the status, and sends again after it; an admin’s enabled:false still wins', async () => {
    const saved = await post(ada, { ...FULL, sendAt: '07:30', timeZone: 'Europe/Amsterdam', locale: 'nl', pausedUntil: '2026-11-27' });
    expect(await saved.text()).toContain('Geen Briefing tot en met 27 november 2026.');
    await stack.startWorker();
    await stack.services.enqueue('2026-11-26', [ada], 'all');
    const paused = (await waitForOutcomes(stack.services, '2026-11-26', [ada])).get(ada);
    expect(paused).toMatchObject({ status: 'skipped:paused', reason: 'paused by the recipient until 2026-11-27' });
    const status = await runCli(['status', '--date', '2026-11-26'], cliEnv(stack.config));
    expect(status.stdout).toContain('paused by the recipient until 2026-11-27');

    await stack.services.enqueue('2026-11-30', [ada], 'all');
    expect((await waitForOutcomes(stack.services, '2026-11-30', [ada])).get(ada)?.status).toBe('sent');

    // The admin switches Ada off: her own settings do not switch her back on.
    await stack.importRoster([{ id: ada, email: 'ada@example.com', locale: 'nl', enabled: false, content: 'tasks.json' }]);
    await stack.services.enqueue('2026-12-01', [ada], 'all');
    expect((await waitForOutcomes(stack.services, '2026-12-01', [ada])).get(ada)?.status).toBe('skipped:disabled');
    const page = await (await app.request(path(ada))).text();
    expect(page).toContain('Je organisatie heeft de Briefing voor jou uitgezet');
  });

  it('answers 503 with a way back to the form, never a false "saved", when Redis does not answer', async () => {
    // Nothing listens on this port: the connection waits for a Redis that never comes.
    const deaf = createServices(testConfig({ REDIS_URL: `redis://127.0.0.1:${await freePort()}` }), { name: 'deaf', blocking: true });
    const routes = preferencesRoutes({ ...deaf, logger: silent, storeTimeoutMs: 300 });
    const token = deaf.tokens.sign(ada);
    try {
      const got = await routes.request(`/preferences/${token}`);
      expect(got.status).toBe(503);
      expect(got.headers.get('retry-after')).toBe('60');
      const saved = await routes.request(`/preferences/${token}`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: form(FULL) });
      expect(saved.status).toBe(503);
      const html = await saved.text();
      expect(html).toContain('Please try again in a minute');
      expect(html).toContain(`href="../preferences/${token}"`);
      expect(html).not.toContain('saved');
    } finally {
      deaf.disconnect();
    }
  });
});
