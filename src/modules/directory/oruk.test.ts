/**
 * Open Referral UK: the directory's export validates against the published schemas (read from
 * ../shared/standards/openreferral-uk relative to the repository root, never copied), with ajv + ajv-formats;
 * the published examples validate with the same set-up; a broken record is reported by both the schema and
 * the directory's own reader; and a round trip keeps every field the directory holds.
 */
import { describe, expect, it } from 'vitest';
import { fromOruk, stableUuid, toOruk } from './oruk.ts';
import type { DirectoryOrganisation } from './model.ts';
import { HAS_SCHEMAS, readStandard as read, validator } from './testing/oruk-schemas.ts';

export const SAMPLE: DirectoryOrganisation = {
  id: '6f1c3c1e-2b7a-4f7e-9a51-0d2b6b1f3a10',
  name: 'Northgate Community Kitchen (fictional)',
  description: 'Shared meals and cooking classes',
  email: 'hello@northgate-kitchen.example',
  website: 'https://northgate-kitchen.example/',
  partnerOrganisationId: null,
  partnerName: null,
  services: [
    {
      id: '0b9b6a2e-4d0e-4c55-8f3e-2f5d1f0c9e21',
      organisationId: '6f1c3c1e-2b7a-4f7e-9a51-0d2b6b1f3a10',
      name: 'Friday community meal',
      description: 'A free hot meal for anyone',
      status: 'active',
      email: null,
      url: 'https://northgate-kitchen.example/meal',
      minimumAge: 0,
      maximumAge: 120,
      capacity: 60,
      serves: ['Pakistani', 'Bangladeshi'],
      areas: ['E05000001', 'E05000002'],
      locations: [
        {
          name: 'Northgate Hall',
          address1: '1 Mill Lane',
          city: 'Demoshire',
          postalCode: 'DE1 1AA',
          latitude: 53.1,
          longitude: -1.5,
        },
        { name: 'Online', address1: null, city: null, postalCode: null, latitude: null, longitude: null },
      ],
      terms: [{ taxonomy: 'cohesion-observatory:activity', name: 'Food' }],
      contacts: [{ name: null, title: 'Volunteer coordinator' }],
      schedules: [
        { freq: 'WEEKLY', byday: 'FR', opensAt: '17:00', closesAt: '19:30', description: 'Every Friday evening' },
      ],
      lastModified: new Date('2026-11-01T10:00:00Z'),
    },
  ],
};

const names = new Map([
  ['E05000001', 'Abbey'],
  ['E05000002', 'Brook'],
]);

describe.skipIf(!HAS_SCHEMAS)('Open Referral UK schemas', () => {
  it('the published examples validate with this set-up', () => {
    const org = validator('organization.json');
    expect(org(read('example_organization_full.json')), JSON.stringify(org.errors)).toBe(true);
    const service = validator('service.json');
    expect(service(read('example_service_full.json')), JSON.stringify(service.errors)).toBe(true);
  });

  it('the export validates with zero errors, as one organisation and as a package', () => {
    const doc = toOruk(SAMPLE, names);
    const org = validator('organization.json');
    expect(org(doc), JSON.stringify(org.errors)).toBe(true);
    const pkg = validator('organization_package.json');
    expect(pkg([doc, toOruk({ ...SAMPLE, id: stableUuid('x'), services: [] }, names)])).toBe(true);
    expect(pkg.errors ?? []).toEqual([]);
    const service = validator('service.json');
    for (const s of (doc as { services: unknown[] }).services)
      expect(service(s), JSON.stringify(service.errors)).toBe(true);
  });

  it('reports a broken record: the schema and the reader both name the field', () => {
    const doc = JSON.parse(JSON.stringify(toOruk(SAMPLE, names))) as {
      id: string;
      services: { status: string; id: string }[];
    };
    doc.services[0].status = 'open-ish';
    doc.id = 'not-a-uuid';
    const org = validator('organization.json');
    expect(org(doc)).toBe(false);
    const paths = (org.errors ?? []).map((e) => e.instancePath);
    expect(paths).toContain('/id');
    expect(paths).toContain('/services/0/status');
    const read = fromOruk(doc);
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.problems.map((p) => p.path).sort()).toEqual(['/id', '/services/0/status']);
  });

  it('reads the published example organisation', () => {
    const r = fromOruk(read('example_organization_full.json'));
    expect(r.ok, JSON.stringify(r)).toBe(true);
  });
});

describe('round trip', () => {
  it('keeps every field the directory holds', () => {
    const r = fromOruk([toOruk(SAMPLE, names)]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const [o] = r.organisations;
    expect(o.id).toBe(SAMPLE.id);
    expect(o.organisation).toMatchObject({ name: SAMPLE.name, email: SAMPLE.email, website: SAMPLE.website });
    const { lastModified: _ignored, organisationId: _org, ...service } = SAMPLE.services[0];
    expect(o.services[0]).toEqual(service);
  });

  it('stable ids are UUIDs and repeat for the same parts', () => {
    expect(stableUuid('a', 'b')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(stableUuid('a', 'b')).toBe(stableUuid('a', 'b'));
    expect(stableUuid('a', 'b')).not.toBe(stableUuid('ab'));
  });
});
