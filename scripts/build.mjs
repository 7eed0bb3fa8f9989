// `npm run build` (also run by `npm ci` through `prepare`): compiles src/ and workers/ to
// dist/ with tsc, copies the files the code loads at run time that are not TypeScript (the
// MJML thread's .mjs, Lua scripts…) beside their compiled neighbours, and last writes
// dist/.build-stamp, which bin/briefing.js compares with the sources to tell whether the
// build is up to date. Plain JavaScript: it must run before anything is compiled.
// `--out=DIR` builds elsewhere than dist/ (the build test does).
import { execFileSync } from 'node:child_process';
import { cpSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = process.argv.find((a) => a.startsWith('--out='))?.slice('--out='.length);
const dist = out ? path.resolve(out) : path.join(root, 'dist');
const SOURCE_DIRS = ['src', 'workers'];

let tsc;
try {
  tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
} catch {
  // `npm ci --omit=dev` runs `prepare` too, without the compiler: not a failure of the install.
  process.stdout.write('build: TypeScript is not installed (npm ci --omit=dev?): dist/ left as it is\n');
  process.exit(0);
}
rmSync(dist, { recursive: true, force: true });
try {
  execFileSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json'), '--outDir', dist], { stdio: 'inherit' });
} catch {
  // tsc has printed the errors; without a stamp, bin/briefing.js keeps running the sources.
  process.stderr.write('build: tsc failed (see above); dist/ is incomplete and will not be used\n');
  process.exit(1);
}

let copied = 0;
for (const dir of SOURCE_DIRS) {
  for (const entry of readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || entry.name.endsWith('.ts')) continue;
    // parentPath is Node 20.12+; `path` is its older name.
    const from = path.join(entry.parentPath ?? entry.path, entry.name);
    cpSync(from, path.join(dist, path.relative(root, from)));
    copied += 1;
  }
}
writeFileSync(path.join(dist, '.build-stamp'), `${new Date().toISOString()}\n`);
const shown = path.relative(process.cwd(), dist);
process.stdout.write(`build: ${shown && !shown.startsWith('..') ? shown : dist} compiled from ${SOURCE_DIRS.join(', ')} (${copied} other file${copied === 1 ? '' : 's'} copied)\n`);
