import { afterEach, describe, expect, it, vi } from 'vitest';
import { routeTestApp, type RouteTestApp } from '../../../../test/helpers/routes.ts';
import { DomainError } from '../../../kernel/errors.ts';
import { directoryRoutes } from './index.ts';
import type { DirectoryServices } from '../services/index.ts';
import type { DirectoryOrganisation } from '../model.ts';

const ORG: DirectoryOrganisation = {
  id: '00000000-0000-4000-8000-0000000000d1',
  name: 'Riverside Club',
  description: '',
  email: null,
  website: null,
  partnerOrganisationId: null,
  partnerName: null,
  services: [
    {
      id: '00000000-0000-4000-8000-0000000000e1',
      organisationId: '00000000-0000-4000-8000-0000000000d1',
      name: 'Café',
      description: '',
      status: 'active',
      email: null,
      url: null,
      minimumAge: null,
      maximumAge: null,
      capacity: 12,
      serves: ['B'],
      areas: ['X05000001'],
      locations: [
        { name: 'Hall', address1: '1 Lane', city: 'Town', postalCode: 'AB1 2CD', latitude: null, longitude: null },
      ],
      terms: [],
      contacts: [{ name: null, title: 'Coordinator' }],
      schedules: [{ freq: 'WEEKLY', byday: 'MO', opensAt: '10:00', closesAt: '11:00', description: null }],
      lastModified: new Date('2026-01-01T00:00:00Z'),
    },
  ],
};

/** Directory pages on stub services: what each page shows and which service call each form makes. */
describe('directory routes', () => {
  let r: RouteTestApp | undefined;
  afterEach(() => r?.close());

  const stubs = () => ({
    entries: {
      list: vi.fn(async () => [{ id: ORG.id, name: ORG.name, services: 1, capacity: 12, partner_name: null }]),
      organisation: vi.fn(async (_c: unknown, id: string) => (id === ORG.id ? ORG : null)),
      wards: vi.fn(async () => [{ code: 'X05000001', name: 'Abbey', level: 'ward' }]),
      groups: vi.fn(async () => ({ dataset: 'd', categories: ['A', 'B'] })),
      partners: vi.fn(async () => [{ id: '00000000-0000-4000-8000-0000000000aa', name: 'A Police', kind: 'police' }]),
      addOrganisation: vi.fn(async () => ORG.id),
      updateOrganisation: vi.fn(async () => undefined),
      addService: vi.fn(async () => 'sid'),
      updateService: vi.fn(async () => undefined),
      serviceOrganisation: vi.fn(async () => ORG.id),
      exportOruk: vi.fn(async () => [{ id: ORG.id }]),
      exportCsv: vi.fn(async () => 'organisation_id\r\n'),
      importFile: vi.fn(async () => ({ ok: true, organisations: 1, services: 1 })),
    },
    provision: {
      view: vi.fn(async () => ({
        dataset: { code: 'd', name: 'Census', period: '2021' },
        categories: ['A', 'B'],
        organisations: [ORG],
        features: [],
        result: {
          wards: [
            { code: 'X05000001', name: 'Abbey', population: 1000, services: 0, places: 0, placesPer1000: 0, gap: true },
          ],
          services: [{ id: ORG.services[0].id, areaPopulation: 1000, servedShare: 0.3 }],
          groups: [
            { group: 'B', population: 300, populationShare: 0.3, targetedPlaces: 12, placesShare: 1, ratio: 3.33 },
          ],
          medianPer1000: 0,
        },
      })),
    },
  });
  const build = async (s: ReturnType<typeof stubs>, role: 'officer' | 'viewer' | 'partner' = 'officer') =>
    routeTestApp({ role, routes: directoryRoutes(s as unknown as DirectoryServices) });
  const BASE = '/c/council-a/directory';

  it('lists, shows an organisation and the provision page to a viewer, without edit links', async () => {
    const s = stubs();
    r = await build(s, 'viewer');
    const list = await r.client.get(BASE);
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Riverside Club');
    expect(list.body).not.toContain('/organisations/new');
    const org = await r.client.get(`${BASE}/organisations/${ORG.id}`);
    expect(org.statusCode).toBe(200);
    expect(org.body).toContain('Abbey');
    expect(org.body).not.toContain('/edit');
    const prov = await r.client.get(`${BASE}/provision`);
    expect(prov.statusCode).toBe(200);
    expect(prov.body).toContain('Gaps: Abbey.');
    // Wide tables scroll in their own named, focusable box at 320 px rather than widening the page.
    expect(prov.body).toMatch(
      /<div class="app-table-scroll" role="region" aria-label="Places by ward" tabindex="0">\s*<table/,
    );
    expect(list.body).toMatch(/<div class="app-table-scroll" role="region" aria-label="[^"]+" tabindex="0">\s*<table/);
    expect((await r.client.get(`${BASE}/organisations/new`)).statusCode).toBe(403);
  });

  it('adds an organisation, showing the error summary for a bad form and a rule broken', async () => {
    const s = stubs();
    s.entries.addOrganisation.mockRejectedValueOnce(new DomainError('directory.errors.duplicate', 'name'));
    r = await build(s);
    const form = await r.client.get(`${BASE}/organisations/new`);
    expect(form.statusCode, form.body).toBe(200);
    const blank = await r.client.post(`${BASE}/organisations`, { name: '' });
    expect(blank.statusCode, blank.body).toBe(400);
    expect(blank.body).toContain('govuk-error-summary');
    const dup = await r.client.post(`${BASE}/organisations`, { name: 'Riverside Club' });
    expect(dup.statusCode).toBe(400);
    expect(dup.body).toContain('There is already an organisation with this name');
    const ok = await r.client.post(`${BASE}/organisations`, { name: 'New group', website: 'https://x.example' });
    expect(ok.statusCode).toBe(303);
    expect(s.entries.addOrganisation).toHaveBeenLastCalledWith(
      expect.objectContaining({ role: 'officer' }),
      expect.objectContaining({ name: 'New group', website: 'https://x.example', partnerOrganisationId: null }),
    );
  });

  it('edits a service, keeping the form values and mapping days, times and wards', async () => {
    const s = stubs();
    r = await build(s);
    const form = await r.client.get(`${BASE}/services/${ORG.services[0].id}/edit`);
    expect(form.statusCode, form.body).toBe(200);
    expect(form.body).toContain('value="Coordinator"');
    const bad = await r.client.post(`${BASE}/services/${ORG.services[0].id}`, {
      name: 'Café',
      status: 'active',
      byday: 'Monday',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('two-letter codes');
    const ok = await r.client.post(`${BASE}/services/${ORG.services[0].id}`, {
      name: 'Café',
      status: 'active',
      capacity: '20',
      byday: 'mo, we',
      opensAt: '09:00',
      closesAt: '10:30',
      areas: 'X05000001',
    });
    expect(ok.statusCode).toBe(303);
    expect(s.entries.updateService).toHaveBeenCalledWith(
      expect.anything(),
      ORG.services[0].id,
      expect.objectContaining({
        capacity: 20,
        areas: ['X05000001'],
        schedules: [expect.objectContaining({ byday: 'MO,WE', opensAt: '09:00', closesAt: '10:30' })],
      }),
    );
  });

  it('answers 404 for a malformed or unknown id before calling a service that changes anything', async () => {
    const s = stubs();
    r = await build(s);
    expect((await r.client.get(`${BASE}/organisations/not-a-uuid`)).statusCode).toBe(404);
    expect((await r.client.get(`${BASE}/organisations/00000000-0000-4000-8000-000000000999`)).statusCode).toBe(404);
    expect(s.entries.updateOrganisation).not.toHaveBeenCalled();
  });

  it('downloads Open Referral UK JSON and CSV', async () => {
    const s = stubs();
    r = await build(s, 'partner');
    const json = await r.client.get(`${BASE}/export.json`);
    expect(json.headers['content-disposition']).toContain('directory-openreferral-uk.json');
    expect(JSON.parse(json.body)).toEqual([{ id: ORG.id }]);
    const csv = await r.client.get(`${BASE}/export.csv`);
    expect(csv.headers['content-type']).toContain('text/csv');
  });
});
