import { createHash } from 'node:crypto';

/**
 * Unsubscribe secrets that anyone can read, because they are (or were) in this repository:
 * whoever knows one can sign a token for a guessable id and opt people out. Production
 * refuses them. Kept as SHA-256 digests so this file does not add to what it lists;
 * `test/unit/secrets/public-keys.test.ts` scans every tracked file for `kid:secret` strings
 * and fails when one is missing here.
 */
const PUBLIC_SECRET_DIGESTS: ReadonlyMap<string, string> = new Map([
  ['fc6e899f5df72b1e86ea60e4faf2500bc7cee53f71b0f62b943fbe1326c66c65', 'the development key'],
  ['e825e5caaed07e7bc3a79541e21eeada5ec5abe3902ebcd60d6ad320739ac5b2', 'the old docker-compose.yml default'],
  ['274b2278ca623a23ff3ea62b4128707d7d5c0c9f4e57088a5658c896434963b7', 'the test key'],
  ['f0553b06a484d360ac36be6c59d6b5f0a1c580d8b812830348e2dd7fdc9952ce', 'the benchmark key'],
  ['bde7b91fc83c3da769490e2df851f3023a91e36fcca17821af9d65f5040e5457', 'a test key (unsubscribe routes)'],
  ['5aa8691f687f6090d9cc8f7d22327b8ede484d0278a09542ccb2e6d37c625de3', 'a test key (token properties)'],
  ['a4449357b3aa66c6813d20ac5bb8c47295c2a4b4bf2f5eb11a47422363085ed4', 'a test key (token properties)'],
  ['d935fb23ab99b337a6de2677df59f44729411bb9c233b23e6defd57a47a41b1f', 'the README example'],
]);

export function secretDigest(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Where a public secret comes from ("the development key"), or undefined for one that is not public. */
export function publicSecretSource(secret: string): string | undefined {
  return PUBLIC_SECRET_DIGESTS.get(secretDigest(secret));
}
