import { createCipheriv, createDecipheriv, createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { UnsubscribeKey } from '../config.ts';

/**
 * Unsubscribe tokens: `kid.body.sig`, all base64url.
 *   body = iv ‖ AES-256-CTR(encKey, iv, recipientId), iv = HMAC-SHA256(macKey, id)[0..16]
 *   sig  = HMAC-SHA256(macKey, "kid.body")[0..16]
 * The id is encrypted so the link is opaque (ids are often employee numbers or addresses);
 * the iv is derived from the id so a person's link is stable, which support relies on. The
 * signature is checked in constant time before anything is decrypted. No expiry: the link
 * in a months-old email must still work. Exactly one string verifies per token: base64url
 * leaves spare bits in a last character, and a token spelled with other spare bits is
 * refused, so that blocking one leaked token string blocks that token.
 */

const MAX_TOKEN_LENGTH = 400;
const TOKEN_RE = /^([A-Za-z0-9_-]{1,16})\.([A-Za-z0-9_-]{22,360})\.([A-Za-z0-9_-]{22})$/;
const ID_RE = /^[A-Za-z0-9][A-Za-z0-9._@+-]{0,127}$/;

interface DerivedKey {
  readonly kid: string;
  readonly macKey: Buffer;
  readonly encKey: Buffer;
}

function derive(key: UnsubscribeKey): DerivedKey {
  const okm = (info: string) => Buffer.from(hkdfSync('sha256', key.secret, 'briefing-unsubscribe', info, 32));
  return { kid: key.kid, macKey: okm('mac'), encKey: okm('enc') };
}

/** Why a token was refused: `unknown-key` is well formed but names a key id we do not have. */
export type TokenRejection = 'malformed' | 'unknown-key' | 'bad-signature';

export interface TokenCodecOptions {
  /**
   * Told when a well-formed token names a key id that is not configured: after a key was
   * dropped from UNSUBSCRIBE_KEYS, every link signed with it is refused (400), and ops
   * should hear of it. `kid` is 1-16 of [A-Za-z0-9_-] (it may be an attacker's).
   */
  readonly onUnknownKey?: (kid: string) => void;
}

export interface TokenCodec {
  sign(recipientId: string): string;
  /** The recipient id, or null for anything that is not a token we signed. Never throws. */
  verify(token: string): string | null;
  /** As `verify`, with the reason for a refusal. Never throws. */
  inspect(token: string): { readonly id: string } | { readonly rejected: TokenRejection };
}

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * The 16 signature bytes are 22 base64url characters whose last one carries 2 bits and 4
 * spare ones: only the spelling with the spare bits zero is ours. (The body needs no such
 * check: the signature covers its text as written, so a respelt body fails the MAC.)
 */
const canonicalSignature = (sig: string) => (B64URL.indexOf(sig[21]!) & 0b1111) === 0;

export function createTokenCodec(keys: readonly UnsubscribeKey[], options: TokenCodecOptions = {}): TokenCodec {
  if (keys.length === 0) throw new Error('createTokenCodec: at least one key is required');
  const derived = keys.map(derive);
  const signer = derived[0]!;
  const byKid = new Map(derived.map((k) => [k.kid, k]));

  const mac = (key: Buffer, data: string | Buffer) => createHmac('sha256', key).update(data).digest().subarray(0, 16);

  const inspect: TokenCodec['inspect'] = (token) => {
    const malformed = { rejected: 'malformed' } as const;
    if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return malformed;
    const m = TOKEN_RE.exec(token);
    if (!m) return malformed;
    const [, kid, body, sig] = m as unknown as [string, string, string, string];
    const key = byKid.get(kid);
    if (!key) {
      options.onUnknownKey?.(kid);
      return { rejected: 'unknown-key' };
    }
    // The signed text is the token up to its last dot: `kid.body`.
    const expected = mac(key.macKey, token.slice(0, kid.length + 1 + body.length));
    const given = Buffer.from(sig, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected) || !canonicalSignature(sig)) return { rejected: 'bad-signature' };
    const raw = Buffer.from(body, 'base64url');
    if (raw.length <= 16) return malformed;
    // CTR is a stream mode: update() returns every byte and final() adds none.
    const id = createDecipheriv('aes-256-ctr', key.encKey, raw.subarray(0, 16)).update(raw.subarray(16)).toString('utf8');
    return ID_RE.test(id) ? { id } : malformed;
  };

  return {
    sign(recipientId) {
      const iv = mac(signer.macKey, recipientId);
      const cipher = createCipheriv('aes-256-ctr', signer.encKey, iv);
      const body = Buffer.concat([iv, cipher.update(recipientId, 'utf8'), cipher.final()]).toString('base64url');
      const sig = mac(signer.macKey, `${signer.kid}.${body}`).toString('base64url');
      return `${signer.kid}.${body}.${sig}`;
    },
    verify(token) {
      const result = inspect(token);
      return 'id' in result ? result.id : null;
    },
    inspect,
  };
}
