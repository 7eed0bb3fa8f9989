import { checkTemplateSource } from '../render/check-templates.ts';
import { createRenderer, type Renderer } from '../render/renderer.ts';
import { templateFiles } from '../render/template-files.ts';
import type { TemplateError } from '../render/template-error.ts';
import { findTemplateProblems } from './find-template-problems.ts';

/** The templates as they are on disk right now, compiled. */
export interface TemplateSnapshot {
  /** Goes up by one on every reload; open pages compare it with the one they were built from. */
  readonly version: number;
  readonly renderer: Renderer;
  /**
   * What MJML and Handlebars let through but breaks the email (a tag closed by the wrong
   * name, an unknown helper): worked out on every save, since a render alone would not show
   * it. Any of these and the preview shows the error panel instead of the email.
   */
  readonly sourceProblems: readonly TemplateError[];
  /**
   * Everything `check:templates` reports: compile errors and locales that disagree on keys.
   * Worked out on first use, not on every save: open pages reload as soon as the renderer is ready.
   */
  problems(): Promise<readonly TemplateError[]>;
}

export interface TemplateSnapshots {
  current(): Promise<TemplateSnapshot>;
  /** Recompiles from disk. Reloads never overlap: one asked for during another runs after it. */
  reload(): Promise<TemplateSnapshot>;
}

export function createTemplateSnapshots(templatesDir: string, accentColor?: string): TemplateSnapshots {
  let version = 0;
  const build = async (): Promise<TemplateSnapshot> => {
    const [renderer, sourceProblems] = await Promise.all([createRenderer({ templatesDir, accentColor }), checkTemplateSource(templateFiles(templatesDir))]);
    let problems: Promise<TemplateError[]> | undefined;
    version += 1;
    return { version, renderer, sourceProblems, problems: () => (problems ??= findTemplateProblems(templatesDir)) };
  };
  let latest = build();
  // A failed build is shown when a page asks for it; it must not crash the process before that.
  latest.catch(() => undefined);
  return {
    current: () => latest,
    reload() {
      // Chained so that the snapshot of the last save always wins, whatever finishes first.
      latest = latest.catch(() => undefined).then(build);
      latest.catch(() => undefined);
      return latest;
    },
  };
}
