import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

/** Debian's Chromium, driven by playwright-core: no browser is ever downloaded. */
export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
export const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url).pathname;

export async function launchChromium(): Promise<Browser> {
  await mkdir(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
}

/** The four ways a person sees a page: a phone and a desktop, each in light and in dark. */
export const LOOKS = [
  { name: 'phone-light', width: 375, height: 667, mobile: true, colorScheme: 'light' },
  { name: 'phone-dark', width: 375, height: 667, mobile: true, colorScheme: 'dark' },
  { name: 'desktop-light', width: 1280, height: 900, mobile: false, colorScheme: 'light' },
  { name: 'desktop-dark', width: 1280, height: 900, mobile: false, colorScheme: 'dark' },
] as const;
export type Look = (typeof LOOKS)[number];

export function openLook(browser: Browser, look: Look, extra: { javaScriptEnabled?: boolean } = {}): Promise<BrowserContext> {
  return browser.newContext({
    ...extra,
    viewport: { width: look.width, height: look.height },
    deviceScaleFactor: look.mobile ? 2 : 1,
    isMobile: look.mobile,
    hasTouch: look.mobile,
    colorScheme: look.colorScheme,
  });
}
