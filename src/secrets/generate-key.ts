import { randomBytes } from 'node:crypto';

/** Bytes of randomness in a generated secret: 384 bits, well above the 256 production requires. */
const SECRET_BYTES = 48;

/**
 * A fresh `kid:secret` for UNSUBSCRIBE_KEYS. The key id carries the date, so a list of keys
 * reads oldest-last after a rotation, and four random hex digits, so two keys made the same
 * day still differ.
 */
export function generateUnsubscribeKey(now = new Date()): { kid: string; secret: string } {
  const day = now.toISOString().slice(0, 10).replaceAll('-', '');
  return { kid: `k${day}-${randomBytes(2).toString('hex')}`, secret: randomBytes(SECRET_BYTES).toString('base64url') };
}
