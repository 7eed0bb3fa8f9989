import { loadFixture, type Fixture } from '../render/fixtures.ts';
import { fixtureError } from './fixture-error.ts';
import type { Locale } from '../render/locales.ts';
import type { TemplateError } from '../render/template-error.ts';
import type { TemplateSnapshot } from './template-snapshot.ts';

/** Gmail clips an HTML body above this many bytes ("[Message clipped]"). */
export const GMAIL_CLIP_BYTES = 102 * 1024;

export type PreviewResult =
  | {
      readonly ok: true;
      readonly fixture: Fixture;
      readonly subject: string;
      readonly preheader: string;
      readonly html: string;
      readonly text: string;
      readonly htmlBytes: number;
    }
  | { readonly ok: false; readonly error: TemplateError };

/** One template × fixture × locale, rendered the way the worker renders it; errors are values. */
export async function renderCombination(
  snapshot: TemplateSnapshot,
  templatesDir: string,
  fixtureName: string,
  locale: Locale,
  unsubscribeUrlFor: (recipientId: string) => string,
): Promise<PreviewResult> {
  let fixture: Fixture;
  try {
    fixture = await loadFixture(fixtureName, templatesDir);
  } catch (error) {
    return { ok: false, error: await fixtureError(templatesDir, fixtureName, error as Error) };
  }
  const result = snapshot.renderer.render({
    recipient: fixture.recipient,
    day: fixture.day,
    unsubscribeUrl: unsubscribeUrlFor(fixture.recipient.id),
    locale,
  });
  if (!result.ok) return result;
  return { ...result, fixture, htmlBytes: Buffer.byteLength(result.html) };
}
