import type { OptOutSource } from '../../store/optout-store.ts';

const ONE_CLICK_BODY = 'List-Unsubscribe=One-Click';
// A multipart part named List-Unsubscribe whose value is One-Click (RFC 8058 allows either encoding).
const MULTIPART_ONE_CLICK = /name="?List-Unsubscribe"?[^\r\n]*\r?\n(?:[^\r\n]+\r?\n)*\r?\n[ \t]*One-Click[ \t]*\r?\n/i;

/**
 * How an unsubscribe POST came in: a mail app's RFC 8058 one-click (its body carries
 * `List-Unsubscribe=One-Click`), or anything else, which is the button on our page (it posts
 * `confirm=unsubscribe`). A POST is always a deliberate act, so both are recorded; the source
 * only tells them apart in the audit log.
 */
export function unsubscribeSource(contentType: string | undefined, body: string): OptOutSource {
  if (body === ONE_CLICK_BODY) return 'one-click';
  const type = (contentType ?? '').toLowerCase();
  if (type.startsWith('multipart/form-data')) return MULTIPART_ONE_CLICK.test(body) ? 'one-click' : 'link';
  if (body.includes('List-Unsubscribe') && new URLSearchParams(body.trim()).get('List-Unsubscribe') === 'One-Click') return 'one-click';
  return 'link';
}
