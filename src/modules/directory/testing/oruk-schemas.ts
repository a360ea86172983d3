/**
 * For tests: validators compiled from the published Open Referral UK schemas, read from
 * ../shared/standards/openreferral-uk relative to the repository root (never copied), with ajv + ajv-formats.
 */
import { existsSync, readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';

const DIR = '../shared/standards/openreferral-uk';
export const HAS_SCHEMAS = existsSync(`${DIR}/organization.json`);
export const readStandard = (name: string): unknown => JSON.parse(readFileSync(`${DIR}/${name}`, 'utf8'));
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

export function validator(schema: string) {
  // The ORUK schemas carry Frictionless Data Package keywords (name, path, core, constraints…) that are
  // not JSON Schema: strict mode off so they are ignored, every error collected.
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(readStandard(schema) as object);
}
