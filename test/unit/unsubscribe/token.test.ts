import { describe, expect, it } from 'vitest';
import { createTokenCodec } from '../../../src/unsubscribe/token.ts';

const k1 = { kid: 'k1', secret: 'a'.repeat(40) };
const k2 = { kid: 'k2', secret: 'b'.repeat(40) };

describe('unsubscribe tokens', () => {
  it('round-trips an id and is stable for the same person', () => {
    const codec = createTokenCodec([k1]);
    const token = codec.sign('ada@example.com');
    expect(codec.verify(token)).toBe('ada@example.com');
    expect(codec.sign('ada@example.com')).toBe(token);
    expect(codec.sign('grace@example.com')).not.toBe(token);
  });

  it('is opaque: the id cannot be read from the token', () => {
    const token = createTokenCodec([k1]).sign('ada@example.com');
    const decoded = token.split('.').map((p) => Buffer.from(p, 'base64url').toString('latin1')).join('');
    expect(token).not.toContain('ada');
    expect(decoded).not.toContain('ada');
    expect(token).toMatch(/^[A-Za-z0-9_.-]+$/);
  });

  it('keeps verifying old tokens after a key rotation, and signs with the first key', () => {
    const old = createTokenCodec([k1]).sign('u-1');
    const rotated = createTokenCodec([k2, k1]);
    expect(rotated.verify(old)).toBe('u-1');
    expect(rotated.sign('u-1').startsWith('k2.')).toBe(true);
    expect(createTokenCodec([k2]).verify(old)).toBeNull();
  });

  it('refuses tampered, truncated, foreign and oversized tokens', () => {
    const codec = createTokenCodec([k1]);
    const token = codec.sign('u-1');
    const [kid, body, sig] = token.split('.') as [string, string, string];
    const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
    const bad = [
      '',
      'garbage',
      `${kid}.${body}`,
      `${kid}.${flip(body, 3)}.${sig}`,
      `${kid}.${body}.${flip(sig, 5)}`,
      `k9.${body}.${sig}`,
      token.slice(0, -1),
      `${token}x`,
      `${kid}.${body}${'A'.repeat(400)}.${sig}`,
      createTokenCodec([{ kid: 'k1', secret: 'c'.repeat(40) }]).sign('u-1'),
    ];
    for (const t of bad) expect(codec.verify(t)).toBeNull();
  });
});
