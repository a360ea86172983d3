/**
 * Typed route schemas: params and query strings are declared with zod on the route and arrive typed and
 * validated, so handlers never cast `req.params as …`. Forms are not validated here: their bodies go through
 * `parseForm` so a mistake is shown in the GOV.UK error summary rather than as an error page.
 *
 * A route whose params fail validation answers 404 (no such thing can exist), a bad query string 400
 * (see plugins/errors.ts).
 */
import type { FastifySchemaCompiler, FastifyTypeProvider } from 'fastify';
import { z } from 'zod';

export interface ZodTypeProvider extends FastifyTypeProvider {
  validator: this['schema'] extends z.ZodType ? z.output<this['schema']> : unknown;
  serializer: this['schema'] extends z.ZodType ? z.input<this['schema']> : unknown;
}

export const zodValidatorCompiler: FastifySchemaCompiler<z.ZodType> =
  ({ schema }) =>
  (data) => {
    const result = schema.safeParse(data);
    if (result.success) return { value: result.data };
    return { error: new Error(result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')) };
  };

/** A council slug as used in URLs. */
export const slug = z.string().regex(/^[a-z0-9][a-z0-9-]{1,59}$/);
export const uuid = z.string().uuid();
export const gssCode = z.string().regex(/^[A-Z][0-9]{8}$/);

/** Params of a council route: `:council` plus the route's own. */
export function councilParams<S extends z.ZodRawShape>(shape: S) {
  return z.object({ council: slug, ...shape });
}

/** A page number in a query string: a positive integer, anything else is page 1. */
export const pageQuery = z.preprocess(
  (v) => (typeof v === 'string' && /^[1-9][0-9]{0,5}$/.test(v) ? Number(v) : 1),
  z.number().int().positive(),
);

/** An optional query-string value that must be one of a set; anything else is treated as absent. */
export function optionalEnum<const T extends readonly [string, ...string[]]>(values: T) {
  return z.preprocess(
    (v) => (typeof v === 'string' && (values as readonly string[]).includes(v) ? v : undefined),
    z.enum(values).optional(),
  );
}
