import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeBriefing } from '../../src/compose/compose-briefing.ts';
import { loadConfig } from '../../src/config.ts';
import { loadFixture } from '../../src/render/fixtures.ts';
import { createRenderer, type Renderer } from '../../src/render/renderer.ts';
import { createTokenCodec } from '../../src/unsubscribe/token.ts';
import { ARTIFACTS, CHROMIUM, hasChromium, launchChromium, LOOKS, openLook } from '../helpers/chromium.ts';

declare const document: { documentElement: { scrollWidth: number }; querySelector(s: string): unknown; querySelectorAll(s: string): ArrayLike<unknown> };
declare function getComputedStyle(el: unknown): { backgroundColor: string; color: string };

if (!hasChromium) console.warn(`browser tests skipped: ${CHROMIUM} not found (Debian: apt-get install chromium)`);

/** Two phone screens (375 × 667): a busy day's tasks and focus time must start within them. */
const TWO_PHONE_SCREENS = 2 * 667;

describe.skipIf(!hasChromium)('the email’s new sections in headless Chromium', () => {
  let browser: Browser;
  let renderer: Renderer;
  const config = loadConfig({ ORG_NAME: 'Contoso', ACCENT_COLOR: '#0f766e', PRIVACY_URL: 'https://contoso.example/privacy', PUBLIC_URL: 'https://briefing.contoso.example' });

  beforeAll(async () => {
    browser = await launchChromium();
    renderer = await createRenderer({ templatesDir: new URL('../../templates', import.meta.url).pathname, accentColor: config.branding.accentColor });
  });

  afterAll(async () => {
    await browser?.close();
  });

  async function open(fixture: string, look: (typeof LOOKS)[number]): Promise<Page> {
    const composed = composeBriefing(
      { renderer, tokens: createTokenCodec(config.unsubscribeKeys), settings: config, branding: config.branding },
      await loadFixture(fixture),
    );
    if (!composed.ok) throw new Error(composed.description);
    const page = await (await openLook(browser, look)).newPage();
    await page.setContent(composed.html, { waitUntil: 'load' });
    return page;
  }

  const top = (page: Page, heading: string) =>
    page.locator('h2', { hasText: heading }).first().evaluate((el) => (el as unknown as { getBoundingClientRect(): { top: number } }).getBoundingClientRect().top);

  for (const look of LOOKS) {
    it(`shows a busy day compactly, with tasks and focus time within two phone screens (${look.name})`, async () => {
      const page = await open('busy-day', look);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(look.width);
      expect(await page.locator('text=At a glance').count()).toBe(1);
      expect(await page.locator('text=16 more meetings').count()).toBe(1);
      if (look.mobile) {
        console.info(`busy day at 375 px: Tasks at ${await top(page, 'Tasks')} px, focus at ${await top(page, 'Suggested focus time')} px`);
        expect(await top(page, 'Tasks')).toBeLessThan(TWO_PHONE_SCREENS);
        expect(await top(page, 'Suggested focus time')).toBeLessThan(TWO_PHONE_SCREENS);
      }
      await page.screenshot({ path: `${ARTIFACTS}email-busy-day-${look.name}.png`, fullPage: true });
      await page.context().close();
    });

    it(`shows replies awaited, conflicts and work-hour notes, in the reader’s colours (${look.name})`, async () => {
      const page = await open('replies-and-conflicts', look);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(look.width);
      expect(await top(page, 'Warten auf Ihre Antwort')).toBeLessThan(await top(page, 'Besprechungen'));
      expect(await page.locator('text=Überschneidet sich mit einem anderen Termin').count()).toBe(2);
      const card = await page.evaluate(() => getComputedStyle(document.querySelector('.bf-card')).backgroundColor);
      const title = await page.evaluate(() => getComputedStyle(document.querySelector('h1')).color);
      // Every line of the header and footer follows the scheme, not only the cards.
      const date = await page.locator('text=Dienstag, 24. November').evaluate((el) => getComputedStyle(el).color);
      const footer = await page.locator('text=Contoso sendet Ihnen dieses Briefing').evaluate((el) => getComputedStyle(el).color);
      if (look.colorScheme === 'dark') {
        expect(card).toBe('rgb(30, 41, 59)');
        expect(title).toBe('rgb(248, 250, 252)');
        expect([date, footer]).toEqual(['rgb(203, 213, 225)', 'rgb(203, 213, 225)']);
      } else {
        expect(card).toBe('rgb(255, 255, 255)');
        expect(title).toBe('rgb(17, 24, 39)');
        expect([date, footer]).toEqual(['rgb(75, 85, 99)', 'rgb(75, 85, 99)']);
      }
      // The organisation names itself, and the button wears its colour.
      expect(await page.locator('text=Contoso sendet Ihnen dieses Briefing').count()).toBe(1);
      expect(await page.locator('a', { hasText: 'Diese Zeit reservieren' }).evaluate((a) => getComputedStyle((a as { parentElement: unknown }).parentElement).backgroundColor)).toBe('rgb(15, 118, 110)');
      await page.screenshot({ path: `${ARTIFACTS}email-replies-and-conflicts-${look.name}.png`, fullPage: true });
      await page.context().close();
    });
  }
});
