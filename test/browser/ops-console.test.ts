import { pino } from 'pino';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/create-app.ts';
import { startServer, type RunningServer } from '../../src/http/start-server.ts';
import { ARTIFACTS, CHROMIUM, hasChromium, launchChromium, LOOKS, openLook } from '../helpers/chromium.ts';
import { freePort } from '../helpers/free-port.ts';
import { startSmtpReceiver, type SmtpReceiver } from '../helpers/smtp-receiver.ts';
import { createTestStack, waitForOutcomes, type TestStack } from '../helpers/stack.ts';

// Used only inside page.evaluate(), which runs in the browser; the project compiles without the DOM lib.
declare const document: { documentElement: { scrollWidth: number } };

const TOKEN = 'console-browser-token-0123456789';
const DATE = '2026-11-24';
const NOW = new Date('2026-11-24T09:00:00Z');
const ZONES = ['Europe/Amsterdam', 'Asia/Tokyo', 'America/New_York', 'Australia/Sydney'];
if (!hasChromium) console.warn(`browser tests skipped: ${CHROMIUM} not found (Debian: apt-get install chromium)`);

describe.skipIf(!hasChromium)('the ops console in headless Chromium', () => {
  let smtp: SmtpReceiver;
  let stack: TestStack;
  let server: RunningServer;
  let browser: Browser;
  let base = '';

  // Every table fits its box: nothing to scroll sideways to find a count.
  const tablesFit = (page: Page) =>
    page.locator('.scroll').evaluateAll((boxes: { scrollWidth: number; clientWidth: number }[]) => boxes.every((b) => b.scrollWidth <= b.clientWidth));

  async function logIn(page: Page): Promise<void> {
    await page.goto(`${base}/admin`);
    await page.fill('input[name=token]', TOKEN);
    await page.click('button[type=submit]');
    await page.waitForSelector('text=Outcomes by zone');
  }

  beforeAll(async () => {
    const port = await freePort();
    smtp = await startSmtpReceiver();
    smtp.reply = (to) => (to.some((a) => a.startsWith('p3')) ? { code: 550, message: '5.1.1 <p3@example.com>: mailbox unavailable' } : undefined);
    stack = await createTestStack({ ADMIN_TOKEN: TOKEN, SMTP_URL: smtp.url, SEND_ATTEMPTS: '1', PUBLIC_URL: `http://127.0.0.1:${port}` });
    await stack.write('today.json', JSON.stringify({ tasks: [{ title: 'Ship it', due: DATE }] }));
    await stack.importRoster(
      Array.from({ length: 12 }, (_, i) => ({ id: `p${i}`, email: `p${i}@example.com`, name: `Person ${i}`, timeZone: ZONES[i % ZONES.length], content: 'today.json' })),
    );
    server = await startServer(createApp({ services: stack.services, logger: pino({ level: 'silent' }), now: () => NOW }), port, '127.0.0.1');
    base = `http://127.0.0.1:${port}`;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await stack?.stop();
    await smtp?.close();
  });

  it('follows a send live: refreshes itself while briefings are queued, and stops once they are done', async () => {
    const context = await openLook(browser, LOOKS[2]);
    const page = await context.newPage();
    await logIn(page);
    expect(await page.locator('meta[http-equiv=refresh]').count()).toBe(0);
    // No worker yet: the briefings wait in the send queue, as at the start of a big send.
    await stack.services.enqueue(DATE, Array.from({ length: 12 }, (_, i) => `p${i}`), 'recipient');
    await page.reload();
    expect(await page.locator('.note').first().textContent()).toContain('12 briefings in the send queues');
    expect(await page.getAttribute('meta[http-equiv=refresh]', 'content')).toBe('5');
    await stack.startWorker();
    await waitForOutcomes(stack.services, DATE, Array.from({ length: 12 }, (_, i) => `p${i}`));
    // The page reloads on its own (no script): the totals arrive without anyone clicking.
    await page.waitForSelector('text=No send is running.', { timeout: 15_000 });
    expect(await page.locator('tr.total td').allTextContents()).toEqual(['All zones', '11', '1', '0']);
    expect(await page.locator('meta[http-equiv=refresh]').count()).toBe(0);
    await context.close();
  });

  for (const look of [LOOKS[0], LOOKS[2], LOOKS[3]]) {
    it(`fits the screen, with no script and nothing refused by its policy (${look.name})`, async () => {
      const context = await openLook(browser, look);
      const page = await context.newPage();
      const csp: string[] = [];
      page.on('console', (msg) => /Content Security Policy/i.test(msg.text()) && csp.push(msg.text()));
      await page.goto(`${base}/admin`);
      await page.screenshot({ path: `${ARTIFACTS}console-login-${look.name}.png`, fullPage: true });
      await logIn(page);
      expect(await page.locator('script').count()).toBe(0);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(look.width);
      expect(await tablesFit(page)).toBe(true);
      await page.screenshot({ path: `${ARTIFACTS}console-today-${look.name}.png`, fullPage: true });
      await page.fill('input[name=q]', 'p3@example.com');
      await page.click('form.search button');
      await page.waitForSelector('text=Last 30 days');
      expect(await page.locator('.reason').first().textContent()).toContain('mailbox unavailable');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(look.width);
      for (const button of await page.locator('main button').all()) expect((await button.boundingBox())!.height).toBeGreaterThanOrEqual(44);
      expect(await tablesFit(page)).toBe(true);
      await page.screenshot({ path: `${ARTIFACTS}console-person-${look.name}.png`, fullPage: true });
      expect(csp).toEqual([]);
      await context.close();
    });
  }

  it('turns a section off from the data controls page at 375 px, by clicking a box and saving', async () => {
    const context = await openLook(browser, LOOKS[0]);
    const page = await context.newPage();
    await logIn(page);
    await page.click('text=Change the data controls');
    await page.waitForSelector('text=Last changes');
    await page.uncheck('input[name=on][value=follow-ups]');
    await page.click('text=Save the data controls');
    await page.waitForSelector('text=Saved:');
    expect(await stack.services.orgSettings.get()).toEqual({ sectionsOff: ['follow-ups'], remoteFeeds: true });
    expect(await page.isChecked('input[name=on][value=follow-ups]')).toBe(false);
    expect(await page.locator('td.reason').first().textContent()).toBe('follow-ups off');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    expect(await tablesFit(page)).toBe(true);
    for (const box of await page.locator('label.choice').all()) expect((await box.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    await page.screenshot({ path: `${ARTIFACTS}console-data-controls-${LOOKS[0].name}.png`, fullPage: true });
    await page.check('input[name=on][value=follow-ups]');
    await page.click('text=Save the data controls');
    await page.waitForSelector('td.reason:has-text("follow-ups on")');
    expect(await stack.services.orgSettings.get()).toEqual({ sectionsOff: [], remoteFeeds: true });
    await context.close();
  });

  it('re-sends from the person page and pauses from the today page, by clicking', async () => {
    const context = await openLook(browser, LOOKS[0]);
    const page = await context.newPage();
    await logIn(page);
    await page.click('text=Pause all briefings');
    await page.waitForSelector('text=Paused since');
    expect(await stack.services.orgSwitch.isPaused()).toBe(true);
    await page.click('button:has-text("Resume")');
    await page.waitForSelector('text=Pause all briefings');
    expect(await stack.services.orgSwitch.isPaused()).toBe(false);
    await page.goto(`${base}/admin/search?q=p0`);
    await page.click('text=Re-send (forced)');
    await page.waitForSelector(`text=Re-send of ${DATE} queued`);
    await expect.poll(async () => (await stack.services.outcomes.get(DATE, 'p0'))?.forced, { timeout: 15_000 }).toBe(true);
    await context.close();
  });
});
