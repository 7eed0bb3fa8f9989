import { describe, expect, it } from 'vitest';
import { redactSource, redactText, redactUrl } from '../../src/redact.ts';

// The attack strings of issue 14 (2 and 7): userinfo holding addresses and `@` in passwords,
// and feed URLs whose secret is in the path (iCloud's published calendars look like this).
describe('one redaction for every URL we print', () => {
  it.each([
    ['smtp://bob@corp.example:Summer@2026@host:1', 'smtp://***@host:1'],
    ['redis://default:Rd@Qw7@127.0.0.1:6379/2', 'redis://***@127.0.0.1:6379/2'],
    ['rediss://:only-a-password@cache.internal:6380', 'rediss://***@cache.internal:6380'],
    ['redis://127.0.0.1:6379?password=hunter2&db=3', 'redis://127.0.0.1:6379?password=***&db=***'],
    ['smtp://127.0.0.1:1025', 'smtp://127.0.0.1:1025'],
  ])('removes the whole userinfo and every query value of %s', (url, shown) => {
    expect(redactUrl(url)).toBe(shown);
  });

  it('never echoes a URL it cannot parse (it may still hold a password)', () => {
    expect(redactUrl('redis://:pa/ss@host/0')).toBe('redis://(unparseable URL)');
    expect(redactUrl('not a url, secret')).toBe('(unparseable URL)');
  });

  it('names a feed by scheme and host only, and a file path as it is', () => {
    expect(redactSource('https://p01-caldav.icloud.com/published/2/MTIzNDU2Nzg5c2VjcmV0/basic.ics')).toBe('https://p01-caldav.icloud.com');
    expect(redactSource('https://calendar.google.com/calendar/ical/ada%40example.com/private-0123abcd/basic.ics')).toBe('https://calendar.google.com');
    expect(redactSource('https://user:pw@feeds.example.com/cal.ics?token=s3cret')).toBe('https://feeds.example.com');
    expect(redactSource('/srv/calendars/ada.ics')).toBe('/srv/calendars/ada.ics');
  });

  it('reduces URLs in free text to scheme and host and masks addresses', () => {
    const text =
      'REDIS_URL=redis://default:Rd@Qw7@127.0.0.1:6379: connection refused; calendar https://p01.icloud.com/published/2/S3CRET/basic.ics: HTTP 404; 550 <ada@example.com>: unknown user';
    const shown = redactText(text);
    expect(shown).toBe('REDIS_URL=redis://127.0.0.1:6379: connection refused; calendar https://p01.icloud.com: HTTP 404; 550 <ADDRESS>: unknown user');
    for (const secret of ['Rd@Qw7', 'Qw7', 'S3CRET', 'ada@example.com']) expect(shown).not.toContain(secret);
  });
});
