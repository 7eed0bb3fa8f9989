import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

async function sources(dir: string): Promise<string[]> {
  const entries = await readdir(join(ROOT, dir), { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith('.ts')).map((e) => relative(ROOT, join(e.parentPath, e.name)));
}

describe('the Redis data model', () => {
  it('has one owner: outside src/store/ no code talks to Redis itself (only connections are built, in src/redis.ts)', async () => {
    const offenders: string[] = [];
    for (const file of [...(await sources('src')), ...(await sources('workers'))]) {
      if (file.startsWith('src/store/') || file === 'src/redis.ts') continue;
      const text = await readFile(join(ROOT, file), 'utf8');
      // A value import of ioredis, a script call, or a key built by hand.
      if (/import\s+\{[^}]*\b(Redis|Cluster)\b[^}]*\}\s+from\s+'ioredis'/.test(text.replace(/import type[^;]+;/g, ''))) offenders.push(`${file}: imports ioredis`);
      if (/\.(eval|evalsha)\(/.test(text)) offenders.push(`${file}: runs a script`);
      // A key is `${prefix}:…` followed by more than a message: a `{` tag, a name, a `${…}`.
      if (/`\$\{[^}]*prefix\}:[{$A-Za-z]/.test(text)) offenders.push(`${file}: builds a key`);
    }
    expect(offenders).toEqual([]);
  });

  it('keeps every script in a .lua file named with its number of keys (n: any number, of one shard)', async () => {
    const files = await readdir(join(ROOT, 'src/store/lua'));
    const scripts = files.filter((f) => f.endsWith('.lua'));
    expect(scripts.length).toBeGreaterThan(10);
    for (const f of scripts) expect(f).toMatch(/^[a-z-]+-(\d+|n)\.lua$/);
  });
});
