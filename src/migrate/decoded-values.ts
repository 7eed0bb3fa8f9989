import type { Decoded } from '../store/legacy/legacy-records.ts';

/**
 * The values of a batch the survey found valid. One that no longer decodes was changed by
 * something else since: stop, and let the re-run check again (every step can be re-run).
 */
export function decodedValues<T>(batch: readonly Decoded<T>[]): T[] {
  return batch.map((d) => {
    if (!d.ok) throw new Error(`the earlier layout changed while migrating (${d.problem}): is a process of the earlier version still running? Stop it and run \`briefing migrate\` again`);
    return d.value;
  });
}
