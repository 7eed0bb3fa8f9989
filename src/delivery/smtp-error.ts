/**
 * SMTP 5xx replies are permanent: retrying will not help and may get us blocked. Everything
 * else (4xx, refused or dropped connections, timeouts) is worth retrying with back-off.
 */
export function isPermanentSmtpError(err: unknown): boolean {
  const code = (err as { responseCode?: unknown }).responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

/** One line for `briefing status`: the server's reply when there is one, never message content. */
export function describeSmtpError(err: unknown): string {
  const e = err as { responseCode?: number; response?: string; code?: string; message?: string };
  // With requireTLS (SMTP_REQUIRE_TLS) nodemailer stops before MAIL FROM when STARTTLS fails.
  if (e.code === 'ETLS') {
    return `${e.message ?? 'STARTTLS failed'} — nothing was sent: SMTP_REQUIRE_TLS refuses to send in the clear; give SMTP_URL a server that offers STARTTLS (or smtps://)`
      .replace(/\s+/g, ' ')
      .slice(0, 300);
  }
  if (e.response) return e.response.replace(/\s+/g, ' ').trim().slice(0, 300);
  return [e.code, e.message].filter(Boolean).join(': ').replace(/\s+/g, ' ').slice(0, 300) || 'unknown error';
}
