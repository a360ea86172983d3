/**
 * The directory's CSV layout, written by the export and read by the import: one row per service, with the
 * organisation's columns repeated (an organisation without services has one row with the service columns
 * empty). Lists (served groups, wards, categories) are separated by ";". `readDirectoryCsv` reads an upload
 * with the project's CSV reader and checks every row with zod, reporting each problem with its line.
 */
import { z } from 'zod';
import { CsvReadError, readCsvBuffer } from '../../lib/csv.ts';
import { SERVICE_STATUSES, type ServiceStatus } from './model.ts';
import { plain as plainText } from './oruk.ts';

export const CSV_COLUMNS = [
  'organisation_id',
  'organisation',
  'email',
  'website',
  'service_id',
  'service',
  'status',
  'capacity',
  'serves',
  'wards',
  'categories',
  'minimum_age',
  'maximum_age',
  'last_modified',
] as const;

/** Columns the import needs; `last_modified` is written for information and ignored when read. */
const REQUIRED = CSV_COLUMNS.filter((c) => c !== 'last_modified');

export interface CsvProblem {
  readonly line: number;
  readonly message: string;
}

export interface CsvServiceRow {
  readonly id: string | null;
  readonly name: string;
  readonly status: ServiceStatus;
  readonly capacity: number | null;
  readonly serves: string[];
  readonly areas: string[];
  readonly categories: string[];
  readonly minimumAge: number | null;
  readonly maximumAge: number | null;
}

export interface CsvRow {
  readonly line: number;
  readonly organisationId: string | null;
  readonly organisation: { readonly name: string; readonly email: string | null; readonly website: string | null };
  readonly service: CsvServiceRow | null;
}

/** Undoes the writer's formula guard (a quote before = + - @ tab CR), so text survives a round trip. */
const unguard = (s: string) => (/^'[=+\-@\t\r]/.test(s) ? s.slice(1) : s);

const plain = plainText();
const blank = z.literal('');
const orNull = <T extends z.ZodTypeAny>(schema: T) => z.union([blank.transform(() => null), schema]);
const whole = (max: number) =>
  orNull(
    z
      .string()
      .regex(/^\d{1,7}$/, 'must be a whole number')
      .transform(Number)
      .pipe(z.number().max(max, `must be at most ${max}`)),
  );
const list = (item: z.ZodString) =>
  plain
    .transform((v) =>
      v
        .split(';')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item));

const rowSchema = z
  .object({
    organisation_id: orNull(z.string().uuid('must be a UUID or empty')),
    organisation: plain.pipe(z.string().min(2, 'must be 2 characters or more').max(200)),
    email: orNull(plain.pipe(z.string().email().max(320))),
    website: orNull(plain.pipe(z.string().url().max(500))),
    service_id: orNull(z.string().uuid('must be a UUID or empty')),
    service: orNull(plain.pipe(z.string().min(2, 'must be 2 characters or more').max(200))),
    status: orNull(z.enum(SERVICE_STATUSES)),
    capacity: whole(1_000_000),
    serves: list(z.string().max(60)),
    wards: list(z.string().regex(/^[A-Z]\d{8}$/, 'must be ward codes such as E05000001')),
    categories: list(z.string().max(200)),
    minimum_age: whole(130),
    maximum_age: whole(130),
  })
  .superRefine((r, ctx) => {
    const hasService = r.service_id !== null || r.service !== null;
    if (hasService && r.service === null)
      ctx.addIssue({ code: 'custom', path: ['service'], message: 'is needed when the row has a service_id' });
    if (hasService && r.status === null)
      ctx.addIssue({ code: 'custom', path: ['status'], message: `must be one of ${SERVICE_STATUSES.join(', ')}` });
    const details = r.status !== null || r.capacity !== null || r.serves.length || r.wards.length;
    if (!hasService && (details || r.categories.length || r.minimum_age !== null || r.maximum_age !== null))
      ctx.addIssue({ code: 'custom', path: ['service'], message: 'is needed when the row has service details' });
    if (r.minimum_age !== null && r.maximum_age !== null && r.minimum_age > r.maximum_age)
      ctx.addIssue({ code: 'custom', path: ['maximum_age'], message: 'must not be below minimum_age' });
  });

/**
 * Reads a directory CSV: every row checked, every problem reported with its line (the header is line 1).
 * `rows` are the good rows (for the caller's own checks); with `fatal` (a bad header, an unreadable file) there
 * are none to check.
 */
export async function readDirectoryCsv(
  bytes: Buffer,
): Promise<{ fatal: boolean; rows: CsvRow[]; problems: CsvProblem[] }> {
  const problems: CsvProblem[] = [];
  const rows: CsvRow[] = [];
  let header: readonly string[] = [];
  let checked = false;
  try {
    for await (const { line, record } of readCsvBuffer(bytes, {
      name: 'directory.csv',
      onHeader: (h) => (header = h),
    })) {
      if (!checked) {
        checked = true;
        const missing = REQUIRED.filter((c) => !header.includes(c));
        const unknown = header.filter((c) => !(CSV_COLUMNS as readonly string[]).includes(c));
        if (missing.length) problems.push({ line: 1, message: `columns missing: ${missing.join(', ')}` });
        if (unknown.length) problems.push({ line: 1, message: `columns not in the layout: ${unknown.join(', ')}` });
        if (problems.length) return { fatal: true, rows: [], problems };
      }
      const raw = Object.fromEntries(REQUIRED.map((c) => [c, unguard((record[c] ?? '').trim())]));
      const parsed = rowSchema.safeParse(raw);
      if (!parsed.success) {
        for (const issue of parsed.error.issues)
          problems.push({ line, message: `${String(issue.path[0] ?? 'row')} ${issue.message}` });
        continue;
      }
      const r = parsed.data;
      rows.push({
        line,
        organisationId: r.organisation_id,
        organisation: { name: r.organisation, email: r.email, website: r.website },
        service:
          r.service === null || r.status === null
            ? null
            : {
                id: r.service_id,
                name: r.service,
                status: r.status,
                capacity: r.capacity,
                serves: r.serves,
                areas: r.wards,
                categories: r.categories,
                minimumAge: r.minimum_age,
                maximumAge: r.maximum_age,
              },
      });
    }
  } catch (error) {
    if (error instanceof CsvReadError)
      return { fatal: true, rows: [], problems: [{ line: error.line ?? 1, message: error.message }] };
    throw error;
  }
  if (!checked) return { fatal: true, rows: [], problems: [{ line: 1, message: 'the file lists no organisations' }] };
  return { fatal: false, rows, problems };
}
