import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { pino } from 'pino';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/create-app.ts';
import { startServer, type RunningServer } from '../../src/http/start-server.ts';
import { createTestStack, waitForOutcomes, type TestStack } from '../helpers/stack.ts';
import { freePort } from '../helpers/free-port.ts';
import { startSmtpReceiver, type SmtpReceiver } from '../helpers/smtp-receiver.ts';

// Used only inside page.evaluate(), which runs in the browser; the project compiles without the DOM lib.
declare const document: { documentElement: { scrollWidth: number }; activeElement: unknown };
declare function getComputedStyle(el: unknown): { backgroundColor: string; outlineStyle: string };

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url).pathname;
const DATE = '2026-11-24';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`browser tests skipped: ${CHROMIUM} not found (Debian: apt-get install chromium)`);

describe.skipIf(!hasChromium)(`unsubscribing from a real email in headless Chromium${hasChromium ? '' : ` (skipped: ${CHROMIUM} not found)`}`, () => {
  let smtp: SmtpReceiver;
  let stack: TestStack;
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    const port = await freePort();
    smtp = await startSmtpReceiver();
    stack = await createTestStack({ SMTP_URL: smtp.url, PUBLIC_URL: `http://127.0.0.1:${port}` });
    await stack.write('jan.json', JSON.stringify({ tasks: [{ title: 'Kwartaalrapport versturen', due: DATE }] }));
    await stack.importRoster([{ id: 'u-jan', email: 'jan@example.nl', name: 'Jan de Vries', locale: 'nl', content: 'jan.json' }]);
    server = await startServer(createApp({ services: stack.services, logger: pino({ level: 'silent' }) }), port, '127.0.0.1');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
    await mkdir(ARTIFACTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await stack?.stop();
    await smtp?.close();
  });

  it('opens the link from the sent email at phone width, unsubscribes with the button, and undoes it', async () => {
    await stack.startWorker();
    await stack.services.enqueue(DATE, ['u-jan'], 'all');
    expect((await waitForOutcomes(stack.services, DATE, ['u-jan'])).get('u-jan')?.status).toBe('sent');
    const [mail] = await smtp.waitFor(1);
    const headers = mail!.raw.toString('utf8').split('\r\n\r\n')[0]!.replace(/\r\n[ \t]+/g, ' ');
    const link = /^List-Unsubscribe:\s*<([^>]+)>/im.exec(headers)?.[1];
    expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/unsubscribe\//);
    expect(String(mail!.parsed.html)).toContain(`href="${link}"`);

    const context = await browser.newContext({ viewport: { width: 375, height: 720 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    const cspViolations: string[] = [];
    page.on('console', (msg) => {
      if (/Content Security Policy/i.test(msg.text())) cspViolations.push(msg.text());
    });

    // 1. The confirmation page: Dutch, one button, fits the phone, and unsubscribes nobody.
    const response = await page.goto(link!);
    expect(response?.status()).toBe(200);
    expect(await page.getAttribute('html', 'lang')).toBe('nl');
    await expect.poll(() => page.locator('h1').textContent()).toBe('Afmelden voor de dagelijkse Briefing-e-mail?');
    const button = page.getByRole('button', { name: 'Afmelden' });
    expect(await page.getByRole('button').count()).toBe(1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    // The inline style is allowed by the CSP hash: the button is styled, and big enough to tap.
    const look = await button.evaluate((b) => ({ bg: getComputedStyle(b).backgroundColor, h: b.getBoundingClientRect().height }));
    expect(look.bg).toBe('rgb(29, 78, 216)');
    expect(look.h).toBeGreaterThanOrEqual(44);
    // Keyboard users see where they are.
    await page.keyboard.press('Tab');
    expect(await button.evaluate((b) => document.activeElement === b && getComputedStyle(b).outlineStyle !== 'none')).toBe(true);
    await page.screenshot({ path: `${ARTIFACTS}unsubscribe-1-confirm.png`, fullPage: true });
    expect(await stack.services.optouts.get('u-jan')).toBeNull();

    // 2. Click: confirmed, with Undo; recorded as a click on the page.
    await button.click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Je bent afgemeld');
    expect(page.url()).toBe(link);
    await page.screenshot({ path: `${ARTIFACTS}unsubscribe-2-done.png`, fullPage: true });
    expect(await stack.services.optouts.get('u-jan')).toMatchObject({ source: 'link' });

    // 3. Undo: subscribed again.
    await page.getByRole('button', { name: 'Ongedaan maken' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Je bent weer aangemeld');
    await page.screenshot({ path: `${ARTIFACTS}unsubscribe-3-undone.png`, fullPage: true });
    expect(await stack.services.optouts.get('u-jan')).toBeNull();

    expect(cspViolations).toEqual([]);
    await context.close();
  });
});
