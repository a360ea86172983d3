/**
 * Test helper: a validator for 360Giving packages built from the standard's own schemas, read from
 * ../shared/standards/360giving relative to the repository root (never copied into the repository). Two
 * quirks of the published files are bridged in memory: both declare `$schema` as http://json-schema.org/…
 * (Ajv knows the draft 2020-12 meta-schema by its https address), and the package schema (1.4.3) refers to the
 * grant schema by its 1.4.2 address while the grant schema file says 1.4.3.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

export const STANDARDS_DIR = '../shared/standards/360giving';
export const HAVE_360_SCHEMAS = existsSync(join(STANDARDS_DIR, '360-giving-package-schema.json'));

const META = 'https://json-schema.org/draft/2020-12/schema';
interface Schema {
  $id?: string;
  $schema?: string;
  properties?: { grants?: { items?: { $ref?: string } } };
}
const load = (file: string): Schema => ({
  ...(JSON.parse(readFileSync(join(STANDARDS_DIR, file), 'utf8')) as Schema),
  $schema: META,
});

export function packageValidator(): (data: unknown) => ErrorObject[] {
  const pkg = load('360-giving-package-schema.json');
  const grant = load('360-giving-schema.json');
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  (addFormatsModule as unknown as (a: Ajv2020) => void)(ajv);
  const ref = pkg.properties?.grants?.items?.$ref;
  ajv.addSchema(grant);
  if (ref && ref !== grant.$id) ajv.addSchema({ ...grant, $id: ref });
  const validate = ajv.compile(pkg);
  return (data) => (validate(data) ? [] : [...(validate.errors ?? [])]);
}
