export interface ImportProblem {
  /** 1-based line in the imported file where the record (or the problem) starts. */
  readonly line: number;
  /** The field at fault, e.g. `timeZone` or `workHours.start`; empty for whole-record problems. */
  readonly field: string;
  readonly problem: string;
}

/** An import refused as a whole; nothing was written. */
export class ImportError extends Error {
  override name = 'ImportError';
  readonly code = 'EIMPORT';
  constructor(
    readonly file: string,
    /** The first problems, in line order. */
    readonly problems: readonly ImportProblem[],
    /** How many there are in all (a huge broken file keeps only the first ones word for word). */
    readonly total: number = problems.length,
  ) {
    super(
      `${file}: ${total} problem${total === 1 ? '' : 's'}, nothing imported\n` +
        problems
          .slice(0, 50)
          .map((p) => `line ${p.line}: ${p.field ? `${p.field}: ` : ''}${p.problem}`)
          .join('\n') +
        (total > 50 ? `\n… and ${total - 50} more` : ''),
    );
  }
}
