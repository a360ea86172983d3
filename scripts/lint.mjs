// `npm run lint`: ESLint and Prettier's check, side by side. Each uses about one core and nothing else runs during
// the lint, so on a 2-core machine the pair takes as long as the slower one instead of both in turn. Each one's
// output is printed whole, in a fixed order, once both have finished; the lint fails if either does.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
/** A package's command-line entry, from its package.json (neither package exports its bin file). */
const bin = (pkg, name) => {
  const manifest = require.resolve(`${pkg}/package.json`);
  const { bin: entries } = require(manifest);
  return join(dirname(manifest), typeof entries === 'string' ? entries : entries[name]);
};

const checks = [
  { name: 'eslint', args: [bin('eslint', 'eslint'), '.'] },
  { name: 'prettier', args: [bin('prettier', 'prettier'), '--check', '.'] },
];

function run({ name, args }) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => out.push(d));
    child.on('error', (err) => resolve({ name, code: 1, output: `${name}: ${err.message}\n` }));
    // A check killed by a signal has no exit code: that is a failure too.
    child.on('close', (code) => resolve({ name, code: code ?? 1, output: Buffer.concat(out).toString() }));
  });
}

const results = await Promise.all(checks.map(run));
for (const { output } of results) process.stdout.write(output);
const failed = results.filter((r) => r.code !== 0).map((r) => r.name);
if (failed.length) {
  console.error(`lint: ${failed.join(' and ')} failed`);
  process.exitCode = 1;
}
