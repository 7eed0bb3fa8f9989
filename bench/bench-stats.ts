/** Small helpers shared by the benchmark scripts: median and range of repeated runs. */
export interface Summary {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly runs: readonly number[];
}

export function summarise(runs: readonly number[]): Summary {
  const sorted = [...runs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]!, runs };
}

export function formatRate(s: Summary, unit = '/s'): string {
  const n = (x: number) => Math.round(x).toLocaleString('en-GB');
  return `${n(s.median)}${unit} (range ${n(s.min)}–${n(s.max)}, ${s.runs.length} runs)`;
}

/** A positive integer from argv `--name=N` or the environment, else the default. */
export function intOption(name: string, env: string, fallback: number): number {
  const arg = process.argv.find((a) => a.startsWith(`--${name}=`));
  const raw = arg ? arg.slice(name.length + 3) : process.env[env];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} / ${env}: "${raw}" must be a whole number above 0`);
  return value;
}
