import { fileURLToPath } from 'node:url';
import type { BriefingDay, Meeting } from '../../../src/content/briefing-day.ts';
import type { Recipient } from '../../../src/recipients/recipient.ts';
import { loadFixture } from '../../../src/render/fixtures.ts';

export const TEMPLATES_DIR = fileURLToPath(new URL('../../../templates', import.meta.url));
export const UNSUBSCRIBE_URL = 'https://briefing.example.com/unsubscribe/k1.AbC-123_xyz?lang=nl&v=2';
export const LINKS = {
  unsubscribe: UNSUBSCRIBE_URL,
  preferences: 'https://briefing.example.com/preferences/k1.AbC-123_xyz',
  focus: 'https://briefing.example.com/focus/k1.AbC-123_xyz?date=2026-11-24&start=13:00&end=15:00',
};

export async function fixtureWith(
  name: string,
  change: { recipient?: Partial<Recipient>; day?: Partial<BriefingDay>; meetings?: Meeting[] } = {},
): Promise<{ recipient: Recipient; day: BriefingDay }> {
  const f = await loadFixture(name, TEMPLATES_DIR);
  return {
    recipient: { ...f.recipient, ...change.recipient },
    day: { ...f.day, ...change.day, ...(change.meetings ? { meetings: change.meetings } : {}) },
  };
}

export function count(haystack: string, needle: string): number {
  return haystack.split(needle).length - 1;
}
