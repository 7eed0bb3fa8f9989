/**
 * The ids of a roster being checked, each with the line it was first seen on, in about 20
 * bytes an id: the id's bytes one after another in one buffer, and an open-addressing table
 * of their places. A JavaScript Map of a million ids takes several times that, which a
 * million-row import must not spend. Ids are ASCII (the record schema allows only ASCII
 * characters), so one byte per character.
 */
export interface IdSet {
  /** The line `id` was first added with, or undefined (and it is added with `line`). */
  firstLineOf(id: string, line: number): number | undefined;
  /** Whether `id` was added (nothing is added). */
  has(id: string): boolean;
  readonly size: number;
}

export function createIdSet(): IdSet {
  let bytes = Buffer.alloc(1 << 20);
  let used = 0;
  // Per id: where its bytes start, how many, its line. Slot → index + 1 (0: empty).
  let starts = new Uint32Array(1 << 16);
  let lengths = new Uint8Array(1 << 16);
  let lines = new Uint32Array(1 << 16);
  let slots = new Uint32Array(1 << 17);
  let size = 0;

  const hash = (id: string): number => {
    let h = 0x811c9dc5;
    for (let i = 0; i < id.length; i += 1) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
    return h >>> 0;
  };
  const equals = (index: number, id: string): boolean => {
    if (lengths[index] !== id.length) return false;
    const start = starts[index]!;
    for (let i = 0; i < id.length; i += 1) if (bytes[start + i] !== id.charCodeAt(i)) return false;
    return true;
  };
  const slotOf = (id: string): number => {
    const mask = slots.length - 1;
    for (let s = hash(id) & mask; ; s = (s + 1) & mask) {
      const held = slots[s]!;
      if (held === 0 || equals(held - 1, id)) return s;
    }
  };
  const grow = <T extends Uint32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
    const bigger = make(a.length * 2);
    bigger.set(a);
    return bigger;
  };
  const rehash = () => {
    slots = new Uint32Array(slots.length * 2);
    const mask = slots.length - 1;
    for (let index = 0; index < size; index += 1) {
      let h = 0x811c9dc5;
      const start = starts[index]!;
      for (let i = 0; i < lengths[index]!; i += 1) h = Math.imul(h ^ bytes[start + i]!, 0x01000193);
      let s = (h >>> 0) & mask;
      while (slots[s] !== 0) s = (s + 1) & mask;
      slots[s] = index + 1;
    }
  };

  return {
    firstLineOf(id, line) {
      if (id.length > 255) throw new Error('id set: ids are at most 255 characters');
      const s = slotOf(id);
      const held = slots[s]!;
      if (held !== 0) return lines[held - 1];
      if (used + id.length > bytes.length) {
        const bigger = Buffer.alloc(bytes.length * 2);
        bytes.copy(bigger, 0, 0, used);
        bytes = bigger;
      }
      if (size === starts.length) {
        starts = grow(starts, (n) => new Uint32Array(n));
        lengths = grow(lengths, (n) => new Uint8Array(n));
        lines = grow(lines, (n) => new Uint32Array(n));
      }
      bytes.write(id, used, 'latin1');
      starts[size] = used;
      lengths[size] = id.length;
      lines[size] = line;
      used += id.length;
      slots[s] = size + 1;
      size += 1;
      // Keep the table at most half full, so that a probe ends quickly.
      if (size * 2 > slots.length) rehash();
      return undefined;
    },
    has(id) {
      return id.length <= 255 && slots[slotOf(id)] !== 0;
    },
    get size() {
      return size;
    },
  };
}
