import type { z } from 'zod';
import type { Translate } from '../i18n/index.ts';
import { DomainError } from '../kernel/errors.ts';
import { notFound } from './errors.ts';
import { hasControlCharacters } from '../lib/text.ts';

/** GOV.UK error summary/field error shapes, built from zod issues whose messages are catalogue keys. */
export interface FormErrors {
  /** field name -> { text } for govuk components' errorMessage */
  fields: Record<string, { text: string }>;
  /** for govukErrorSummary errorList */
  list: { text: string; href: string }[];
}

export type FormResult<T> = { ok: true; data: T } | { ok: false; errors: FormErrors; values: Record<string, unknown> };

export function emptyErrors(): FormErrors {
  return { fields: {}, list: [] };
}

export function addError(errors: FormErrors, field: string, text: string): FormErrors {
  if (!errors.fields[field]) {
    errors.fields[field] = { text };
    errors.list.push({ text, href: `#${field}` });
  }
  return errors;
}

/**
 * Validates a form body. First the hygiene every text field gets (src/lib/text.ts): a control character is an
 * error on its field (bidirectional overrides are already gone: the text-hygiene plugin removes them from every
 * request body). Then the schema: each zod issue message should be a catalogue key; the first issue per field
 * is shown.
 */
export function parseForm<S extends z.ZodType>(schema: S, body: unknown, t: Translate): FormResult<z.infer<S>> {
  const raw = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const values: Record<string, unknown> = {};
  const unusable: string[] = [];
  for (const [field, value] of Object.entries(raw)) {
    const clean = (v: unknown): unknown => {
      if (typeof v !== 'string') return v;
      if (hasControlCharacters(v)) unusable.push(field);
      return v;
    };
    values[field] = Array.isArray(value) ? value.map(clean) : clean(value);
  }
  if (unusable.length) {
    const errors = emptyErrors();
    for (const field of unusable) addError(errors, field, t('errors.controlCharacters'));
    return { ok: false, errors, values };
  }
  const parsed = schema.safeParse(values);
  if (parsed.success) return { ok: true, data: parsed.data };
  const errors = emptyErrors();
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? 'form');
    addError(errors, field, t(issue.message));
  }
  return { ok: false, errors, values };
}

/**
 * A service's rule failure as form errors: the DomainError's message on its field (or `fallbackField`).
 * A DomainError for a missing record becomes the 404 page; anything else is rethrown.
 */
export function domainErrors(err: unknown, t: Translate, fallbackField: string): FormErrors {
  if (!(err instanceof DomainError)) throw err;
  if (err.key === 'errors.notFound') throw notFound();
  return addError(emptyErrors(), err.field ?? fallbackField, t(err.key, err.params));
}
