/**
 * A conservative estimate, in bits, of the entropy of a secret someone typed or generated:
 * production wants 256 (32 random bytes). A string cannot say how it was made, so each
 * character is credited with what a random character of the smallest usual alphabet that
 * holds the whole secret carries (hex 4 bits, base64url 6, printable ASCII 6.6), and what
 * looks made by hand is credited with little or nothing:
 *   - a run or a step of three or more (`aaa`, `abc`, `321`): nothing after the second;
 *   - a stretch of four or more that appeared earlier (`changeme-changeme`): nothing;
 *   - a word (four or more letters between non-letters, in one case or Capitalised, as in
 *     `correct-horse-battery-staple`): at most 20 bits, about one pick from a million words.
 * Random bytes lose almost nothing to these rules; `briefing keys generate` prints 48 of
 * them (384 bits by this count), and `aaaa…` of any length counts as 4 bits.
 */
export const REQUIRED_SECRET_BITS = 256;

const WORD_BITS = 20;

const ALPHABETS: readonly [RegExp, number][] = [
  [/^[0-9]*$/, 10],
  [/^[0-9a-f]*$/, 16],
  [/^[0-9A-F]*$/, 16],
  [/^[a-z]*$/, 26],
  [/^[A-Z]*$/, 26],
  [/^[a-z0-9]*$/, 36],
  [/^[A-Za-z]*$/, 52],
  [/^[A-Za-z0-9]*$/, 62],
  [/^[A-Za-z0-9_-]*$/, 64],
  [/^[A-Za-z0-9+/=]*$/, 65],
];

/** Bits one random character of the smallest alphabet holding all of `secret` would carry. */
function bitsPerCharacter(secret: string): number {
  const size = ALPHABETS.find(([re]) => re.test(secret))?.[1] ?? 95;
  return Math.log2(size);
}

// The repeat search is quadratic, so only the start of a very long secret is estimated (a
// conservative choice: what follows is not credited).
const MAX_ESTIMATED_CHARS = 1024;

export function estimateSecretBits(whole: string): number {
  const secret = whole.slice(0, MAX_ESTIMATED_CHARS);
  const chars = [...secret];
  const codes = chars.map((c) => c.codePointAt(0)!);
  const perChar = bitsPerCharacter(secret);
  const cost = chars.map(() => perChar);

  // Runs and steps: `aaa`, `abc`, `987`.
  for (let i = 2; i < codes.length; i++) {
    const step = codes[i]! - codes[i - 1]!;
    if (Math.abs(step) <= 1 && step === codes[i - 1]! - codes[i - 2]!) cost[i] = 0;
  }

  // Repeats of an earlier stretch of four or more.
  for (let i = 1; i + 4 <= chars.length; ) {
    const before = chars.slice(0, i).join('');
    let length = 0;
    while (i + length < chars.length && before.includes(chars.slice(i, i + length + 1).join(''))) length += 1;
    if (length >= 4) {
      for (let j = i; j < i + length; j++) cost[j] = 0;
      i += length;
    } else i += 1;
  }

  // Words: four or more letters between non-letters, in one case or Capitalised. (Inside
  // random characters such a stretch is rare; with separators it is what a passphrase is.)
  for (const match of secret.matchAll(/(?<![A-Za-z])(?:[A-Z]?[a-z]{3,}|[A-Z]{4,})(?![A-Za-z])/g)) {
    // `matchAll` indexes UTF-16 units; words are ASCII, so the indexes agree up to the first
    // astral character, which this estimate need not be exact about.
    const start = match.index;
    const end = start + match[0].length;
    const sum = cost.slice(start, end).reduce((a, b) => a + b, 0);
    if (sum <= WORD_BITS) continue;
    for (let j = start; j < end; j++) cost[j] = (cost[j]! / sum) * WORD_BITS;
  }

  return cost.reduce((a, b) => a + b, 0);
}
