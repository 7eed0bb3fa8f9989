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
    readonly problems: readonly ImportProblem[],
  ) {
    super(
      `${file}: ${problems.length} problem${problems.length === 1 ? '' : 's'}, nothing imported\n` +
        problems
          .slice(0, 50)
          .map((p) => `line ${p.line}: ${p.field ? `${p.field}: ` : ''}${p.problem}`)
          .join('\n') +
        (problems.length > 50 ? `\n… and ${problems.length - 50} more` : ''),
    );
  }
}
