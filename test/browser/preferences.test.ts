import { pino } from 'pino';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/create-app.ts';
import { startServer, type RunningServer } from '../../src/http/start-server.ts';
import { ARTIFACTS, CHROMIUM, hasChromium, launchChromium, LOOKS, openLook } from '../helpers/chromium.ts';
import { freePort } from '../helpers/free-port.ts';
import { cliEnv, runCli } from '../helpers/run-cli.ts';
import { startSmtpReceiver, type SmtpReceiver } from '../helpers/smtp-receiver.ts';
import { createTestStack, waitForOutcomes, type TestStack } from '../helpers/stack.ts';

// Used only inside page.evaluate(), which runs in the browser; the project compiles without the DOM lib.
declare const document: { documentElement: { scrollWidth: number }; body: unknown };
declare function getComputedStyle(el: unknown): { backgroundColor: string };

const DATE = '2026-11-24';
const NOW = new Date('2026-11-24T05:00:00Z');
if (!hasChromium) console.warn(`browser tests skipped: ${CHROMIUM} not found (Debian: apt-get install chromium)`);

describe.skipIf(!hasChromium)('the preferences page from a real email, in headless Chromium', () => {
  let smtp: SmtpReceiver;
  let stack: TestStack;
  let server: RunningServer;
  let browser: Browser;
  let link = '';

  beforeAll(async () => {
    const port = await freePort();
    smtp = await startSmtpReceiver();
    stack = await createTestStack({ SMTP_URL: smtp.url, PUBLIC_URL: `http://127.0.0.1:${port}` });
    await stack.write('jan.json', JSON.stringify({ tasks: [{ title: 'Kwartaalrapport versturen', due: DATE }] }));
    await stack.importRoster([{ id: 'u-jan', email: 'jan@example.nl', name: 'Jan de Vries', locale: 'nl', timeZone: 'Europe/Amsterdam', content: 'jan.json' }]);
    server = await startServer(createApp({ services: stack.services, logger: pino({ level: 'silent' }), now: () => NOW }), port, '127.0.0.1');
    browser = await launchChromium();
    await stack.startWorker();
    await stack.services.enqueue(DATE, ['u-jan'], 'all');
    expect((await waitForOutcomes(stack.services, DATE, ['u-jan'])).get('u-jan')?.status).toBe('sent');
    const [mail] = await smtp.waitFor(1);
    // The footer's Voorkeuren link, beside Afmelden.
    link = /<a[^>]+href="([^"]+)"[^>]*>Voorkeuren<\/a>/.exec(String(mail!.parsed.html))?.[1] ?? '';
    expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/preferences\//);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await stack?.stop();
    await smtp?.close();
  });

  for (const look of LOOKS) {
    it(`shows the form without JavaScript and fits the screen (${look.name})`, async () => {
      const context = await openLook(browser, look);
      const page = await context.newPage();
      const csp: string[] = [];
      page.on('console', (msg) => /Content Security Policy/i.test(msg.text()) && csp.push(msg.text()));
      expect((await page.goto(link))?.status()).toBe(200);
      expect(await page.getAttribute('html', 'lang')).toBe('nl');
      await expect.poll(() => page.locator('h1').textContent()).toBe('Je Briefing-voorkeuren');
      expect(await page.locator('script').count()).toBe(0);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(look.width);
      const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      expect(background).toBe(look.colorScheme === 'dark' ? 'rgb(17, 24, 39)' : 'rgb(243, 244, 246)');
      // Every control is big enough to tap.
      for (const control of await page.locator('input[type=checkbox] >> xpath=..').all()) {
        expect((await control.boundingBox())!.height).toBeGreaterThanOrEqual(44);
      }
      await page.screenshot({ path: `${ARTIFACTS}preferences-${look.name}.png`, fullPage: true });
      expect(csp).toEqual([]);
      await context.close();
    });
  }

  it('saves a new time, days, language and a pause with the form, and the schedule follows', async () => {
    // With JavaScript off: the page must work as a plain HTML form.
    const context = await openLook(browser, LOOKS[0], { javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(link);
    await page.locator('#f-sendAt').fill('08:45');
    await page.getByLabel('vrijdag').uncheck();
    await page.locator('#f-locale').selectOption('de');
    await page.getByLabel('Opvolgen').uncheck();
    await page.locator('#f-pause').fill('2026-12-04');
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Ihre Einstellungen sind gespeichert');
    expect(await page.getAttribute('html', 'lang')).toBe('de');
    expect(await page.locator('main').textContent()).toContain('Kein Briefing bis einschließlich 4. Dezember 2026.');
    await page.screenshot({ path: `${ARTIFACTS}preferences-saved-phone-light.png`, fullPage: true });

    const next = await runCli(['schedule', 'next', '--recipient', 'u-jan', '--from', '2026-11-24T00:00:00Z', '--count', '1', '--json'], cliEnv(stack.config));
    expect(JSON.parse(next.stdout)).toMatchObject({ sendAt: '08:45', workdays: ['mon', 'tue', 'wed', 'thu'], sends: [{ at: '2026-11-24T07:45:00.000Z' }] });
    await context.close();
  });

  it('shows a section the organisation turned off disabled at 375 px, and saving keeps the person’s own choice of it', async () => {
    await stack.services.orgSettings.change({ off: ['tasks'] }, 'console');
    const context = await openLook(browser, LOOKS[0]);
    const page = await context.newPage();
    await page.goto(link);
    expect(await page.isDisabled('input[name=sections][value=tasks]')).toBe(true);
    expect(await page.locator('label.locked').textContent()).toContain('von Ihrer Organisation ausgeschaltet');
    expect((await page.locator('label.locked').boundingBox())!.height).toBeGreaterThanOrEqual(44);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.screenshot({ path: `${ARTIFACTS}preferences-org-off-phone-light.png`, fullPage: true });
    await page.click('button[type=submit]');
    await expect.poll(() => page.locator('h1').textContent()).toBe('Ihre Einstellungen sind gespeichert');
    // Jan chose tasks before the organisation turned them off: the disabled box is not posted, and his choice stays.
    expect((await stack.services.preferences.get('u-jan'))?.sections).toEqual(['meetings', 'tasks', 'focus']);
    await stack.services.orgSettings.change({ on: ['tasks'] }, 'console');
    await context.close();
  });
});
