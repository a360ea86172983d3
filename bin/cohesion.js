#!/usr/bin/env node
// The `cohesion` command: runs the compiled JavaScript in dist/ (built by `npm ci` or `npm run build`).
// Stack traces point at the TypeScript sources through the source maps.
process.setSourceMapsEnabled(true);
let main;
try {
  ({ main } = await import('../dist/src/cli/main.js'));
} catch (err) {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist/src/cli/main.js')) {
    process.stderr.write('cohesion: not built yet: run `npm run build` (npm ci does it too)\n');
    process.exit(1);
  }
  throw err;
}
process.exitCode = await main(process.argv.slice(2));
