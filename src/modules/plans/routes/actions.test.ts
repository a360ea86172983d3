/**
 * Route tests (stub services, no database) for the actions list and its CSV round trip: what the list shows,
 * the error summary for a missing file or bad rows (nothing imported), and the banner after an import.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { routeTestApp, TEST_COUNCIL, type RouteTestApp } from '../../../../test/helpers/routes.ts';
import type { LinkRegistry } from '../../../kernel/links.ts';
import type { ActionRow } from '../repository/rows.ts';
import { ActionImportError } from '../services/csv.ts';
import type { PlansServices } from '../services/index.ts';
import { plansRoutes } from './index.ts';

const BASE = `/c/${TEST_COUNCIL.slug}/plans/actions`;

const action: ActionRow = {
  id: '00000000-0000-4000-8000-0000000000c1',
  plan_id: '00000000-0000-4000-8000-0000000000b1',
  outcome_id: '00000000-0000-4000-8000-0000000000b2',
  reference: 'A-7',
  title: 'Youth <football> league',
  description: '',
  owner_user_id: null,
  owner_name: 'Sam Officer',
  organisation_id: null,
  organisation_name: null,
  lead_officer: '',
  area_codes: [],
  start_on: null,
  due_on: '2027-03-31',
  budget: null,
  status: 'in_progress',
  rag: null,
  rag_reason: '',
  progress: 40,
  weight: 1,
  signal_kind: null,
  signal_id: null,
  completed_on: null,
  updated_at: new Date('2026-11-01T00:00:00Z'),
};

function stubs() {
  return {
    actions: { list: vi.fn(async () => [action]) },
    csv: {
      exportCsv: vi.fn(async () => 'reference,title\r\nA-7,Youth league\r\n'),
      importRows: vi.fn(async () => ({ created: 1, updated: 2, unchanged: 3 })),
    },
  };
}

describe('plans actions routes', () => {
  let r: RouteTestApp | undefined;
  afterEach(() => r?.close());

  const build = async (s = stubs()) => {
    r = await routeTestApp({
      routes: plansRoutes(s as unknown as PlansServices, {} as LinkRegistry),
      role: 'officer',
    });
    await r.client.get(BASE); // the page carries the CSRF token
    return { s, r };
  };

  /** Posts the upload form as multipart/form-data, with or without a file. */
  const upload = (r: RouteTestApp, csv: string | null) => {
    const boundary = '----plansroutetest';
    const parts = [`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${r.client.csrf}\r\n`];
    if (csv !== null)
      parts.push(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="actions.csv"\r\n` +
          `Content-Type: text/csv\r\n\r\n${csv}\r\n`,
      );
    parts.push(`--${boundary}--\r\n`);
    return r.app.inject({
      method: 'POST',
      url: `${BASE}/import`,
      payload: parts.join(''),
      headers: {
        'content-type': `multipart/form-data; boundary=${boundary}`,
        cookie: [...r.client.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      },
    });
  };

  it('lists the actions with their owner, due date, status and progress, and exports them as CSV', async () => {
    const { s, r } = await build();
    const page = await r.client.get(BASE);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`href="${BASE}/${action.id}"`);
    expect(page.body).toContain('Youth &#60;football&#62; league');
    expect(page.body).not.toContain('<football>');
    expect(page.body).toContain('Sam Officer');
    expect(page.body).toContain('2027-03-31');
    expect(page.body).toContain('40%');
    expect(s.actions.list).toHaveBeenCalledWith(expect.objectContaining({ role: 'officer' }));

    const csv = await r.client.get(`${BASE}.csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-disposition']).toContain(`actions-${TEST_COUNCIL.slug}.csv`);
    expect(csv.body).toContain('A-7,Youth league');
  });

  it('asks for a file in the error summary and imports nothing', async () => {
    const { s, r } = await build();
    const res = await upload(r, null);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('govuk-error-summary');
    expect(res.body).toContain('Choose a CSV file');
    expect(s.csv.importRows).not.toHaveBeenCalled();
  });

  it('passes the rows of the file, quoted commas and all, and shows what was imported', async () => {
    const { s, r } = await build();
    const res = await upload(r, 'reference,title\nA-7,"Youth league, under-16s"\n');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Actions imported: 1 added, 2 changed, 3 unchanged.');
    expect(s.csv.importRows).toHaveBeenCalledWith(
      expect.objectContaining({ role: 'officer' }),
      ['reference', 'title'],
      [expect.objectContaining({ line: 2, record: { reference: 'A-7', title: 'Youth league, under-16s' } })],
    );
  });

  it('lists every bad row by line, and a file it cannot read, in the error summary', async () => {
    const s = stubs();
    s.csv.importRows.mockRejectedValueOnce(
      new ActionImportError([{ line: 1, key: 'plans.csv.errors.columns', params: { columns: 'plan_id' } }]),
    );
    const { r } = await build(s);
    const bad = await upload(r, 'reference,title\nA-7,Youth league\n');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Line 1: the file is missing the columns plan_id');
    expect(bad.body).toContain('1 problems; nothing was imported');

    const unreadable = await upload(r, 'reference,title\nA-7,"Youth league\n');
    expect(unreadable.statusCode).toBe(400);
    expect(unreadable.body).toContain('The file could not be read:');
    expect(s.csv.importRows).toHaveBeenCalledTimes(1);
  });
});
