import { createHash } from 'node:crypto';

/**
 * Headers of every unsubscribe page. The token in the URL is the person's key to their
 * opt-out, so it must not leak through a Referer, a shared cache or a framing page; the
 * pages need no script, image or font, so the policy allows exactly one inline style.
 * Built once (the style is constant), then copied into each response: faster than a
 * per-request middleware on the hot one-click path.
 */
export function securityHeaders(inlineStyle: string): Readonly<Record<string, string>> {
  const styleHash = createHash('sha256').update(inlineStyle).digest('base64');
  return Object.freeze({
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy': [
      "default-src 'none'",
      `style-src 'sha256-${styleHash}'`,
      "form-action 'self'",
      "frame-ancestors 'none'",
      "base-uri 'none'",
    ].join('; '),
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'X-Robots-Tag': 'noindex, nofollow',
  });
}
