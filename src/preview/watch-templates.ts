import { watch } from 'chokidar';

export interface TemplateWatcher {
  /** Resolves once the initial scan is done: changes after this are seen. */
  readonly ready: Promise<void>;
  close(): Promise<void>;
}

/**
 * Watches the whole templates folder (templates, partials, locales, fixtures). Editors save
 * in bursts (write, rename, touch), so changes are collected for `debounceMs` and reported
 * once, with the files that changed.
 */
export function watchTemplates(
  templatesDir: string,
  onChange: (files: string[]) => void,
  debounceMs = 80,
): TemplateWatcher {
  if (!(debounceMs >= 0)) throw new Error(`watchTemplates: debounceMs must be 0 or more, got ${debounceMs}`);
  const watcher = watch(templatesDir, {
    ignoreInitial: true,
    // Editors' swap and backup files are not templates.
    ignored: (file) => /(\.swp|\.swx|~|\.tmp)$/.test(file) || /(^|[/\\])\.#/.test(file),
  });
  let pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    timer = undefined;
    const files = [...pending];
    pending = new Set();
    onChange(files);
  };
  watcher.on('all', (_event, file) => {
    pending.add(file);
    clearTimeout(timer);
    timer = setTimeout(flush, debounceMs);
  });
  const ready = new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  return {
    ready,
    async close() {
      clearTimeout(timer);
      await watcher.close();
    },
  };
}
