// Compiles GOV.UK Frontend's Sass for a service that is not on GOV.UK: Arial instead of the
// GDS Transport typeface (licensed only for GOV.UK services). Runs on `npm ci` / `npm install`
// (the `prepare` script) and writes build/govuk.css, which is not committed.
import { compileString } from 'sass';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const govukDist = join(dirname(require.resolve('govuk-frontend/package.json')), 'dist');
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
writeFileSync(join('build', 'govuk.css'), result.css);
console.log(`build/govuk.css: ${result.css.length} bytes`);
