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

  it('verifies exactly one spelling of a token: respelling the spare bits of a last character is refused', () => {
    const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const codec = createTokenCodec([k1]);
    for (const id of ['u-1001', 'ada@example.com', 'x']) {
      const token = codec.sign(id);
      const [kid, body, sig] = token.split('.') as [string, string, string];
      // Every string that decodes to the same bytes: the last character of the body and of
      // the signature with other values in its unused low bits (the signature has 16).
      const respelt = (part: string) =>
        B64URL.split('')
          .map((c) => part.slice(0, -1) + c)
          .filter((p) => p !== part && Buffer.from(p, 'base64url').equals(Buffer.from(part, 'base64url')));
      const spellings = [...respelt(sig).map((s) => `${kid}.${body}.${s}`), ...respelt(body).map((b) => `${kid}.${b}.${sig}`)];
      expect(respelt(sig)).toHaveLength(15);
      expect(spellings.filter((t) => codec.verify(t) !== null)).toEqual([]);
      expect(codec.verify(token)).toBe(id);
    }
  });

  it('says why it refused a token, and tells of a token signed with a key it does not have', () => {
    const unknown: string[] = [];
    const codec = createTokenCodec([k2], { onUnknownKey: (kid) => unknown.push(kid) });
    const old = createTokenCodec([k1]).sign('u-1');
    expect(codec.inspect(old)).toEqual({ rejected: 'unknown-key' });
    expect(unknown).toEqual(['k1']);
    expect(codec.inspect(codec.sign('u-1'))).toEqual({ id: 'u-1' });
    expect(codec.inspect('garbage')).toEqual({ rejected: 'malformed' });
    const signed = codec.sign('u-1');
    expect(codec.inspect(`${signed.slice(0, -2)}AA`)).toEqual({ rejected: 'bad-signature' });
    expect(unknown).toEqual(['k1']);
  });
});
