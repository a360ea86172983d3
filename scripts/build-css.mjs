// Compiles GOV.UK Frontend's Sass for a service that is not on GOV.UK: Arial instead of the
// GDS Transport typeface (licensed only for GOV.UK services). Runs on `npm ci` / `npm install`
// (the `prepare` script) and writes build/govuk.css, which is not committed.
// Skipped when build/govuk.css was made by this script from the installed GOV.UK Frontend version (its stamp file
// says which): a second build in a row, as `npm ci && npm test` makes, compiles nothing. (npm gives every installed
// file the same old timestamp, so the version, not a file time, says whether GOV.UK Frontend changed.)
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const govukPackage = require.resolve('govuk-frontend/package.json');
const govukDist = join(dirname(govukPackage), 'dist');
const target = join('build', 'govuk.css');
const stampFile = `${target}.stamp`;
const stamp = createHash('sha256')
  .update(readFileSync(govukPackage))
  .update(readFileSync(fileURLToPath(import.meta.url)))
  .digest('hex');
if (existsSync(target) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) {
  console.log(`${target}: up to date`);
  process.exit(0);
}
const { compileString } = await import('sass');
const source = `
$govuk-font-family: arial, sans-serif;
$govuk-assets-path: "/assets/";
@import "govuk/index";
`;
const result = compileString(source, {
  loadPaths: [govukDist],
  style: 'compressed',
  quietDeps: true,
  silenceDeprecations: ['import', 'global-builtin', 'color-functions', 'slash-div'],
});
mkdirSync('build', { recursive: true });
writeFileSync(target, result.css);
writeFileSync(stampFile, stamp);
console.log(`${target}: ${result.css.length} bytes`);
