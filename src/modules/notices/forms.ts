/** The administrators' form (zod; messages are catalogue keys). */
import { z } from 'zod';
import { COMPLIANCE } from './repository.ts';

const E = 'notices.edit.errors.';
const text = (max: number, key: string) =>
  z.preprocess((v) => (typeof v === 'string' ? v.replace(/\r\n/g, '\n').trim() : ''), z.string().max(max, key));
const short = text(300, `${E}shortTooLong`);
const long = text(5000, `${E}longTooLong`);

/** A real calendar date, not in the future (compared with `today`, year-month-day). */
export function isPastIsoDate(v: string, today: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === v && v <= today && v >= '2000-01-01';
}

export function noticesForm(today: string) {
  return z.object({
    dpo_contact: short,
    controller_address: short,
    ico_registration: z.preprocess(
      (v) => (typeof v === 'string' ? v.trim().toUpperCase() : ''),
      z.string().regex(/^(|[A-Z]{1,2}\d{6,8})$/, `${E}icoFormat`),
    ),
    privacy_extra_en: long,
    privacy_extra_cy: long,
    accessibility_contact: short,
    compliance: z.enum(COMPLIANCE, { message: `${E}compliance` }),
    tested_on: z.preprocess(
      (v) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null),
      z
        .string()
        .refine((v) => isPastIsoDate(v, today), `${E}date`)
        .nullable(),
    ),
    accessibility_issues_en: long,
    accessibility_issues_cy: long,
  });
}
