import type { Decoded } from '../store/legacy/legacy-records.ts';

/**
 * The value of an entry the survey found valid. One that no longer decodes was changed by
 * something else since: stop, and let the re-run check again (every step can be re-run).
 */
export function decodedValue<T>(d: Decoded<T>): T {
  if (!d.ok) throw new Error(`the earlier layout changed while migrating (${d.problem}): is a process of the earlier version still running? Stop it and run \`briefing migrate\` again`);
  return d.value;
}

export const decodedValues = <T>(batch: readonly Decoded<T>[]): T[] => batch.map(decodedValue);
