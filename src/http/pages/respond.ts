import type { Context } from 'hono';
import { PAGE_HEADERS } from './page-frame.ts';
import { requestHeader } from '../unsubscribe/read-body.ts';

/**
 * A recipient page as a plain Response with a plain header object (a fresh copy: the Node
 * adapter adds Content-Length to it), which takes @hono/node-server's fast path.
 */
export function htmlPage(status: number, html: string | Uint8Array, extra?: Record<string, string>): Response {
  return new Response(html, { status, headers: { ...PAGE_HEADERS, ...extra } });
}

export const RETRY_AFTER_SECONDS = '60';

export function acceptLanguage(c: Context): string | undefined {
  return requestHeader(c, 'accept-language');
}
