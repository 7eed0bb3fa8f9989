import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createTestStack, waitForOutcomes, type TestStack } from '../helpers/stack.ts';
import { startSmtpReceiver, type SmtpReceiver } from '../helpers/smtp-receiver.ts';
import { createServices, type Services } from '../../src/app/services.ts';
import { createApp } from '../../src/http/create-app.ts';
import { createSchedulerTick } from '../../workers/scheduler.ts';
import { fanOutNow } from '../helpers/fan-out.ts';

const DATE = '2026-11-24';
const silent = pino({ level: 'silent' });

function sample(text: string, metric: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${metric} `));
  return line === undefined ? undefined : Number(line.slice(metric.length + 1));
}

describe('GET /metrics', () => {
  let stack: TestStack;
  let smtp: SmtpReceiver;
  // The HTTP app gets its own connections, as `briefing serve` in another process would.
  let serve: Services;

  beforeEach(async () => {
    smtp = await startSmtpReceiver();
    stack = await createTestStack({ SMTP_URL: smtp.url });
    await stack.write('ada.json', JSON.stringify({ tasks: [{ title: 'Ship it', due: DATE }] }));
    await stack.importRoster([
      { id: 'u-1', email: 'ada@example.com', content: 'ada.json' },
      { id: 'u-2', email: 'idle@example.com' },
      { id: 'u-3', email: 'weekend@example.com', workdays: ['sat'] },
    ]);
    serve = createServices(stack.config, { name: 'test-serve' });
  });
  afterEach(async () => {
    await serve.close();
    await stack.stop();
    await smtp.close();
  });

  it("shows the worker's sent briefing, its latencies, the queue and opt-outs to a separate serve process", async () => {
    await stack.startWorker();
    await stack.services.enqueue(DATE, ['u-1', 'u-2'], 'all');
    await waitForOutcomes(stack.services, DATE, ['u-1', 'u-2']);
    await serve.optouts.optOut('u-3', 'one-click');
    await serve.optouts.optOut('u-2', 'admin');

    const app = createApp({ services: serve, logger: silent });
    let text = '';
    // The worker records its counters right after the outcome: give that write a moment.
    for (let i = 0; i < 100; i += 1) {
      const res = await app.request('/metrics');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
      text = await res.text();
      if (sample(text, 'briefing_briefings_total{outcome="skipped:empty"}') === 1 && sample(text, 'briefing_briefings_total{outcome="sent"}') === 1) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(smtp.received).toHaveLength(1);
    expect(sample(text, 'briefing_briefings_total{outcome="sent"}')).toBe(1);
    expect(sample(text, 'briefing_briefings_total{outcome="skipped:empty"}')).toBe(1);
    expect(text).toContain('# TYPE briefing_briefings_total counter');
    expect(text).toContain('# TYPE briefing_smtp_seconds histogram');
    expect(sample(text, 'briefing_smtp_seconds_count')).toBe(1);
    expect(sample(text, 'briefing_smtp_seconds_bucket{le="+Inf"}')).toBe(1);
    expect(sample(text, 'briefing_render_seconds_count')).toBe(1);
    expect(sample(text, 'briefing_queue_jobs{state="waiting"}')).toBe(0);
    expect(sample(text, 'briefing_optouts{source="one-click"}')).toBe(1);
    expect(sample(text, 'briefing_optouts{source="admin"}')).toBe(1);
    expect(sample(text, 'briefing_optouts{source="link"}')).toBe(0);
    // Ids and content never appear in metrics.
    expect(text).not.toMatch(/u-1|ada@|Ship it/);
  });

  it('counts queued jobs and the scheduler’s not-workday outcomes, with no global registry between apps', async () => {
    const tick = createSchedulerTick(stack.services, silent);
    await tick(new Date('2026-11-24T06:00:00Z'));
    await tick(new Date('2026-11-24T06:30:30Z')); // 07:30 in Amsterdam, the roster's default zone
    await fanOutNow(stack.services);
    const a = createApp({ services: serve, logger: silent });
    const b = createApp({ services: stack.services, logger: silent });
    const [ta, tb] = await Promise.all([(await a.request('/metrics')).text(), (await b.request('/metrics')).text()]);
    for (const text of [ta, tb]) {
      expect(sample(text, 'briefing_queue_jobs{state="waiting"}')).toBe(2);
      expect(sample(text, 'briefing_briefings_total{outcome="skipped:not-workday"}')).toBe(1);
      expect(sample(text, 'briefing_paused')).toBe(0);
    }
  });
});
