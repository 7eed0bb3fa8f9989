/** What an open preview page learns when the templates change. */
export interface ReloadEvent {
  readonly version: number;
}

/**
 * Fan-out from the file watcher to every open page's event stream. `closeAll` ends the
 * streams so the HTTP server can close: an open SSE response would keep it waiting.
 */
export interface ReloadHub {
  subscribe(listener: (event: ReloadEvent) => void, onClose: () => void): () => void;
  publish(event: ReloadEvent): void;
  closeAll(): void;
}

export function createReloadHub(): ReloadHub {
  const listeners = new Map<(event: ReloadEvent) => void, () => void>();
  return {
    subscribe(listener, onClose) {
      listeners.set(listener, onClose);
      return () => listeners.delete(listener);
    },
    publish(event) {
      for (const listener of listeners.keys()) listener(event);
    },
    closeAll() {
      for (const onClose of listeners.values()) onClose();
      listeners.clear();
    },
  };
}
