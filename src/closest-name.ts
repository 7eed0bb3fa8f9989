/**
 * The known name a misspelt one most likely meant, for "did you mean timeZone?": the same
 * name but for case and separators (`timezone`, `time_zone`), or else the nearest within
 * two edits (one for names of four letters or fewer), so that an unrelated name gets no
 * suggestion rather than a wrong one.
 */
export function closestName(input: string, known: readonly string[]): string | undefined {
  const wanted = normalise(input);
  if (wanted === '') return undefined;
  const exact = known.find((name) => normalise(name) === wanted);
  if (exact) return exact;
  const limit = wanted.length <= 4 ? 1 : 2;
  let best: { name: string; distance: number } | undefined;
  for (const name of known) {
    const distance = editDistance(wanted, normalise(name));
    if (distance <= limit && (!best || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}

/** `(did you mean "x"?)` after a problem, or nothing. */
export function didYouMean(input: string, known: readonly string[]): string {
  const name = closestName(input, known);
  return name ? ` (did you mean "${name}"?)` : '';
}

function normalise(name: string): string {
  return name.toLowerCase().replace(/[\s_.-]/g, '');
}

/** Edits (insert, delete, replace, swap two neighbours) from a to b: optimal string alignment. */
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = d;
    }
  }
  return rows[a.length]![b.length]!;
}
