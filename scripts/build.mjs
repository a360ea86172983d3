// The build: type-checks everything and compiles TypeScript to JavaScript in dist/ (with source maps, so stack
// traces point at the TypeScript), then copies what the compiled code reads at run time — views, message
// catalogues and migrations — to the same places under dist/. The service and the `cohesion` command run
// dist/; tsx is only for development (`npm run dev`) and the benchmarks.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const tsc = require.resolve('typescript/bin/tsc');
const started = Date.now();

/** Every file under `path` (or `path` itself when it is a file), with forward slashes. */
function* files(path) {
  if (!statSync(path).isDirectory()) yield path.replaceAll('\\', '/');
  else for (const name of readdirSync(path)) yield* files(join(path, name));
}

// Build mode (-b) with the incremental build info in dist/: when no source has changed since the last build (the
// second build of `npm ci && npm test`), tsc checks the build info and stops in a fraction of a second. The build
// info does not notice a compiled file deleted from dist/, so if any is missing it is dropped and all is rebuilt.
const { include } = JSON.parse(readFileSync('tsconfig.build.json', 'utf8'));
const inputs = include.filter((p) => existsSync(p)).flatMap((p) => [...files(p)]);
const uncompiled = inputs.filter(
  (f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !existsSync(join('dist', f.replace(/\.ts$/, '.js'))),
);
if (uncompiled.length) rmSync('dist/.tsbuildinfo', { force: true });
const result = spawnSync(process.execPath, [tsc, '-b', 'tsconfig.build.json'], { stdio: 'inherit' });
if (result.status !== 0) process.exit(result.status ?? 1);

/** Files the compiled code reads from disk, by where they sit under src/. */
const wanted = (path) =>
  path.endsWith('.njk') || path.endsWith('.sql') || (path.endsWith('.json') && path.split('/').includes('locales'));

let copied = 0;
for (const path of inputs) {
  if (!path.startsWith('src/') || !wanted(path)) continue;
  const target = join('dist', path);
  mkdirSync(dirname(target), { recursive: true });
  cpSync(path, target);
  copied++;
}
if (!existsSync('dist/src/cli/main.js')) {
  console.error('build: dist/src/cli/main.js is missing after compiling');
  process.exit(1);
}
console.log(
  `build: compiled to dist/ and copied ${copied} views, catalogues and migrations in ${Date.now() - started} ms`,
);
