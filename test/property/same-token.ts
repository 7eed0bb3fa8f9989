/**
 * Two tokens that are the same token: one key id, and the same bytes in body and signature
 * (base64url leaves spare bits in the last character, so two spellings can decode alike).
 * Mutations that only respell a token this way may verify; every other one must not.
 */
export function sameToken(a: string, b: string): boolean {
  const pa = a.split('.');
  const pb = b.split('.');
  return (
    pa.length === 3 &&
    pb.length === 3 &&
    pa[0] === pb[0] &&
    /^[A-Za-z0-9_-]+$/.test(pa[1]! + pa[2]!) &&
    Buffer.from(pa[1]!, 'base64url').equals(Buffer.from(pb[1]!, 'base64url')) &&
    Buffer.from(pa[2]!, 'base64url').equals(Buffer.from(pb[2]!, 'base64url'))
  );
}
