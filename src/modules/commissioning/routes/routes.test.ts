/**
 * Commissioning's pages on stub services (no database): what the pages show, which service call each form
 * makes, the GOV.UK error summary for bad input, partner and viewer access, and the "Award a grant" journey
 * from a plan outcome through the link registry (a fake plans provider).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { routeTestApp, TEST_ORGANISATION_ID, type RouteTestApp } from '../../../../test/helpers/routes.ts';
import type { Role } from '../../../kernel/access.ts';
import { DomainError } from '../../../kernel/errors.ts';
import { createLinkRegistry } from '../../../kernel/links.ts';
import type { GrantRow } from '../model.ts';
import type { CommissioningServices } from '../services/index.ts';
import { commissioningRoutes } from './index.ts';

const BASE = '/c/council-a/commissioning';
const GRANT_ID = '00000000-0000-4000-8000-0000000000a1';
const RECIPIENT = '00000000-0000-4000-8000-0000000000b2';
const OUTCOME = 'outcome-7';

const grant: GrantRow = {
  id: GRANT_ID,
  council_id: 'c',
  identifier: '360G-council-a-0001',
  programme_id: null,
  programme_code: null,
  programme_name: null,
  recipient_id: TEST_ORGANISATION_ID,
  recipient_name: 'A Community Trust',
  org_identifier: 'GB-CHC-1234567',
  charity_number: '1234567',
  company_number: '',
  title: 'Shared meals',
  description: 'Neighbours eating together',
  amount: 5000,
  currency: 'GBP',
  award_date: '2026-07-15',
  planned_start: null,
  planned_end: null,
  areas: ['X05000001'],
  status: 'active',
  updated_at: new Date('2026-07-15T10:00:00Z'),
};

function stubs() {
  return {
    programmes: {
      list: vi.fn(async () => []),
      get: vi.fn(async () => undefined),
      wards: vi.fn(async () => [{ code: 'X05000001', name: 'Abbey' }]),
      settings: vi.fn(async () => ({
        prefix: '360G-council-a',
        funderIdentifier: '360G-council-a-council',
        saved: false,
      })),
      saveSettings: vi.fn(async () => undefined),
    },
    grants: {
      list: vi.fn(async () => [grant]),
      get: vi.fn(async () => grant),
      detail: vi.fn(async () => ({
        grant,
        links: [{ kind: 'plan.outcome', id: OUTCOME, label: 'People mix', href: '/x' }],
        unresolved: [],
        measures: [{ id: RECIPIENT, grant_id: GRANT_ID, name: 'Meals served', unit: 'meals', target: 400 }],
        returns: [
          {
            id: 'r1',
            measure_id: RECIPIENT,
            measure_name: 'Meals served',
            period: '2026-Q3',
            value: 120,
            narrative: '',
            submitted_by_name: 'Pat',
            submitted_at: new Date('2026-10-01T00:00:00Z'),
          },
          {
            id: 'r2',
            measure_id: RECIPIENT,
            measure_name: 'Meals served',
            period: '2026-Q2',
            value: 2.5,
            narrative: '',
            submitted_by_name: 'Pat',
            submitted_at: new Date('2026-07-01T00:00:00Z'),
          },
        ],
      })),
      recipients: vi.fn(async () => [
        {
          organisation_id: RECIPIENT,
          name: 'A Community Trust',
          org_identifier: null,
          charity_number: '',
          company_number: '',
        },
      ]),
      create: vi.fn(async () => GRANT_ID),
      submitReturn: vi.fn(async () => 'r1'),
      linkedTo: vi.fn(async () => []),
    },
    giving: {
      package: vi.fn(async () => ({ version: '1.4', grants: [] })),
      csv: vi.fn(async () => 'Identifier\r\n'),
      importJson: vi.fn(async () => ({ ok: true, created: 1, updated: 0, unchanged: 0 })),
      importCsv: vi.fn(async () => ({
        ok: false,
        problems: [
          { line: 2, key: 'commissioning.import.errors.amount' },
          { line: 5, key: 'commissioning.import.errors.ward', params: { code: 'X05999999' } },
        ],
      })),
    },
  };
}

describe('commissioning routes', () => {
  let r: RouteTestApp | undefined;
  afterEach(() => r?.close());

  async function build(role: Role, s = stubs()) {
    await r?.close();
    const links = createLinkRegistry();
    links.register({
      kinds: ['plan.outcome'],
      options: async (_a, kind) => [{ kind, id: OUTCOME, label: 'People mix across backgrounds', href: '/p' }],
      resolve: async (_a, refs) => refs.map((x) => ({ ...x, label: 'People mix', href: '/p' })),
    });
    r = await routeTestApp({
      routes: commissioningRoutes({ services: s as unknown as CommissioningServices, links }),
      role,
    });
    await r.client.get(`${BASE}/grants`);
    return { s, r };
  }

  it('lists grants and shows a grant with its links, measures and the return form', async () => {
    const { r } = await build('officer');
    const list = await r.client.get(`${BASE}/grants`);
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Shared meals');
    expect(list.body).toContain('360G-council-a-0001');
    const page = await r.client.get(`${BASE}/grants/${GRANT_ID}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('People mix');
    expect(page.body).toContain('Meals served');
    expect(page.body).toContain('Submit a monitoring return');
    expect(page.body).toContain('Add an outcome measure');
    // A return's value is shown in its measure's unit, and a fraction is not rounded away.
    expect(page.body).toMatch(/govuk-table__cell--numeric">120 meals</);
    expect(page.body).toMatch(/govuk-table__cell--numeric">2\.50 meals</);
  });

  it('pre-selects the plan outcome when a grant is awarded from it, and passes the link to the service', async () => {
    const { s, r } = await build('officer');
    const form = await r.client.get(`${BASE}/grants/new?link=plan.outcome:${OUTCOME}`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('People mix across backgrounds');
    expect(form.body).toMatch(new RegExp(`value="${OUTCOME}" checked`));
    const res = await r.client.post(`${BASE}/grants/new`, {
      outcomes: OUTCOME,
      title: 'Shared meals',
      description: 'Neighbours eating together',
      recipientId: RECIPIENT,
      programmeId: '',
      amount: '£5,000',
      awardDate: '2026-07-15',
      plannedStart: '',
      plannedEnd: '',
      areas: 'X05000001',
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${BASE}/grants/${GRANT_ID}?saved=grant`);
    expect(s.grants.create).toHaveBeenCalledWith(
      expect.objectContaining({ role: 'officer' }),
      expect.objectContaining({
        amount: 5000,
        programmeId: null,
        plannedStart: null,
        areas: ['X05000001'],
        links: [{ kind: 'plan.outcome', id: OUTCOME }],
      }),
    );
  });

  it('shows every mistake in the error summary, and a rule failure on its field', async () => {
    const { s, r } = await build('officer');
    const bad = await r.client.post(`${BASE}/grants/new`, { title: 'x', amount: 'lots', awardDate: '31/12/2026' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('govuk-error-summary');
    expect(bad.body).toContain('Enter a title of 2 to 200 characters');
    expect(bad.body).toContain('Enter the amount in pounds');
    expect(bad.body).toContain('Enter the award date as YYYY-MM-DD');
    expect(bad.body).toContain('Choose a recipient from the list');
    expect(s.grants.create).not.toHaveBeenCalled();
    s.grants.create.mockRejectedValueOnce(new DomainError('commissioning.errors.unknownWard', 'areas', { code: 'X1' }));
    const rule = await r.client.post(`${BASE}/grants/new`, {
      title: 'Shared meals',
      description: 'Neighbours eating together',
      recipientId: RECIPIENT,
      amount: '10',
      awardDate: '2026-07-15',
    });
    expect(rule.statusCode).toBe(400);
    expect(rule.body).toContain('X1 is not a ward of this council');
  });

  it('lets a partner submit a monitoring return but not award or change grants', async () => {
    const { s, r } = await build('partner');
    const page = await r.client.get(`${BASE}/grants/${GRANT_ID}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Submit a monitoring return');
    expect(page.body).not.toContain('Add an outcome measure');
    expect((await r.client.get(`${BASE}/grants/new`)).statusCode).toBe(403);
    expect((await r.client.get(`${BASE}/programmes`)).statusCode).toBe(403);
    const res = await r.client.post(`${BASE}/grants/${GRANT_ID}/returns`, {
      measureId: RECIPIENT,
      period: '2026-Q3',
      value: '32',
      narrative: 'Good start',
    });
    expect(res.statusCode).toBe(303);
    expect(s.grants.submitReturn).toHaveBeenCalledWith(expect.objectContaining({ role: 'partner' }), GRANT_ID, {
      measureId: RECIPIENT,
      period: '2026-Q3',
      value: 32,
      narrative: 'Good start',
    });
    const bad = await r.client.post(`${BASE}/grants/${GRANT_ID}/returns`, { measureId: RECIPIENT, period: 'Q3' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Enter the quarter as YYYY-Qn');
  });

  it('shows a grant the partner may not see as not found', async () => {
    const s = stubs();
    s.grants.detail.mockResolvedValue(undefined as never);
    const { r } = await build('partner', s);
    expect((await r.client.get(`${BASE}/grants/${GRANT_ID}`)).statusCode).toBe(404);
  });

  it('downloads the 360Giving package and spreadsheet, filtered by plan', async () => {
    const { s, r } = await build('viewer');
    const json = await r.client.get(`${BASE}/export.json?plan=plan-1`);
    expect(json.statusCode).toBe(200);
    expect(json.headers['content-type']).toContain('application/json');
    expect(s.giving.package).toHaveBeenCalledWith(expect.anything(), { kind: 'plan', id: 'plan-1' });
    const csv = await r.client.get(`${BASE}/export.csv`);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(s.giving.csv).toHaveBeenCalledWith(expect.anything(), null);
    expect((await r.client.get(`${BASE}/export`)).body).toContain('default prefix');
    expect((await r.client.get(`${BASE}/import`)).statusCode).toBe(403);
  });

  it('lists every bad row of an import in the error summary', async () => {
    const { s, r } = await build('officer');
    const boundary = '----commissioningtest';
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${r.client.csrf}\r\n`),
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="g.csv"\r\nContent-Type: text/csv\r\n\r\nIdentifier\r\nx\r\n`,
      ),
      Buffer.from(`--${boundary}--\r\n`),
    ]);
    const res = await r.app.inject({
      method: 'POST',
      url: `${BASE}/import`,
      payload,
      headers: {
        'content-type': `multipart/form-data; boundary=${boundary}`,
        cookie: [...r.client.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      },
    });
    expect(res.statusCode).toBe(400);
    expect(s.giving.importCsv).toHaveBeenCalled();
    expect(res.body).toContain('Line 2: The amount awarded must be');
    expect(res.body).toContain('Line 5: X05999999 is not a ward of this council');
  });

  it('keeps the 360Giving settings to administrators', async () => {
    const { r } = await build('officer');
    expect((await r.client.get(`${BASE}/settings`)).statusCode).toBe(403);
    const admin = await build('administrator');
    const page = await admin.r.client.get(`${BASE}/settings`);
    expect(page.statusCode).toBe(200);
    const bad = await admin.r.client.post(`${BASE}/settings`, { prefix: '', funderIdentifier: '' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Enter a prefix starting 360G-');
  });
});
