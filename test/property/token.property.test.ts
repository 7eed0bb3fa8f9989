import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTokenCodec } from '../../src/unsubscribe/token.ts';

const KEY = { kid: 'k1', secret: 'property-test-secret-0123456789abcdefghij' };
const OTHER = { kid: 'k1', secret: 'another-secret-with-the-same-kid-0123456789' };
const codec = createTokenCodec([KEY]);

const recipientId = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._@+-]{0,40}$/);
const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Verifies without throwing, whatever the input. */
function verifySafely(token: string): string | null | 'threw' {
  try {
    return codec.verify(token);
  } catch {
    return 'threw';
  }
}

describe('unsubscribe tokens under random and hostile input', () => {
  it('round-trips every valid recipient id', () => {
    fc.assert(fc.property(recipientId, (id) => codec.verify(codec.sign(id)) === id), { numRuns: 500 });
  });

  it('never verifies, and never throws on, a random string', () => {
    const anything = fc.oneof(
      fc.string({ maxLength: 600 }),
      fc.string({ unit: 'grapheme', maxLength: 200 }),
      fc.stringMatching(/^[A-Za-z0-9_-]{1,16}\.[A-Za-z0-9_-]{22,80}\.[A-Za-z0-9_-]{22}$/),
    );
    fc.assert(fc.property(anything, (s) => verifySafely(s) === null), { numRuns: 2000 });
  });

  it('never verifies a signed token with one character changed, added or removed', () => {
    const mutation = fc.record({
      id: recipientId,
      at: fc.nat(),
      kind: fc.constantFrom('replace', 'insert', 'delete'),
      ch: fc.constantFrom(...B64URL.split(''), '.', '=', '%', '/', '\u0000', 'é'),
    });
    fc.assert(
      fc.property(mutation, ({ id, at, kind, ch }) => {
        const token = codec.sign(id);
        const i = at % token.length;
        const mutated =
          kind === 'replace'
            ? token.slice(0, i) + ch + token.slice(i + 1)
            : kind === 'insert'
              ? token.slice(0, i) + ch + token.slice(i)
              : token.slice(0, i) + token.slice(i + 1);
        fc.pre(mutated !== token);
        // Even a change that decodes to the same bytes (base64url's spare bits in a last
        // character) must fail: exactly one string verifies per token.
        return verifySafely(mutated) === null;
      }),
      { numRuns: 3000 },
    );
  });

  it('never verifies a body or signature moved from another token, or a token signed with another secret', () => {
    const other = createTokenCodec([OTHER]);
    fc.assert(
      fc.property(recipientId, recipientId, (a, b) => {
        fc.pre(a !== b);
        const [kid, bodyA] = codec.sign(a).split('.') as [string, string, string];
        const sigB = codec.sign(b).split('.')[2]!;
        return verifySafely(`${kid}.${bodyA}.${sigB}`) === null && verifySafely(other.sign(a)) === null;
      }),
      { numRuns: 500 },
    );
  });
});
