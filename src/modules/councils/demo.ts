import { randomBytes } from 'node:crypto';
import type { Db } from '../../db/index.ts';
import type { Services } from '../../server/services.ts';
import type { Role } from '../../kernel/access.ts';
import { generateDemoCouncil, DEMO_NOTICE } from '../../demo/council.ts';
import { LEVEL_RANK } from '../../geo/gss.ts';
import * as geoRepo from '../geography/repository.ts';
import * as councilsRepo from './repository.ts';
import * as adminRepo from '../admin/repository.ts';
import { seedSurveyDemo } from '../survey/demo.ts';
import { seedTensionsDemo } from '../tensions/demo.ts';
import { seedInsightDemo } from '../insight/demo.ts';

export const DEMO_SLUG = 'demo';
export const DEMO_DATASET = 'demo_ethnic_group';
export const DEMO_ADMIN_EMAIL = 'admin@demoshire.example';

/** Demo users, one per role, all sharing the password printed on start. */
const DEMO_USERS: { role: Role; email: string; name: string; org?: string }[] = [
  { role: 'administrator', email: DEMO_ADMIN_EMAIL, name: 'Alex Admin (demo)' },
  { role: 'officer', email: 'officer@demoshire.example', name: 'Olu Officer (demo)' },
  { role: 'analyst', email: 'analyst@demoshire.example', name: 'Ana Analyst (demo)' },
  {
    role: 'partner',
    email: 'partner@demoshire.example',
    name: 'Pat Partner (demo)',
    org: 'Demoshire Police (fictional)',
  },
  { role: 'viewer', email: 'viewer@demoshire.example', name: 'Val Viewer (demo)' },
];

const DEMO_ORGANISATIONS: { name: string; kind: adminRepo.OrganisationKind }[] = [
  { name: 'Demoshire Police (fictional)', kind: 'police' },
  { name: 'Demoshire Homes (fictional)', kind: 'housing' },
  { name: 'Northgate Academy (fictional)', kind: 'school' },
  { name: 'Demoshire Interfaith Forum (fictional)', kind: 'faith' },
  { name: 'Demoshire Volunteer Centre (fictional)', kind: 'voluntary' },
];

/**
 * Creates the fictional demo council if it is missing (deterministically, from the generator), then sets a
 * fresh password for the demo users and returns the administrator's credentials for printing.
 */
export async function seedDemo(services: Services, db: Db, opts: { seed?: number } = {}) {
  const existing = await councilsRepo.findCouncilBySlug(db, DEMO_SLUG);
  if (!existing) await createDemoCouncil(db, opts.seed ?? 2024);
  const council = (await councilsRepo.findCouncilBySlug(db, DEMO_SLUG))!;
  const organisations = await adminRepo.listOrganisations(db, council.id);
  const password = randomBytes(12).toString('base64url');
  for (const u of DEMO_USERS) {
    const organisationId = u.org ? (organisations.find((o) => o.name === u.org)?.id ?? null) : null;
    await services.admin.createUser(
      council.id,
      { email: u.email, displayName: u.name, role: u.role, organisationId, password },
      'demo',
    );
  }
  // Each module seeds once: skipped when the council already has its data.
  await seedSurveyDemo(db, services, council.id);
  await seedTensionsDemo(db, services, council.id);
  await seedInsightDemo(db, services, council.id);
  return { slug: DEMO_SLUG, email: DEMO_ADMIN_EMAIL, password, otherUsers: DEMO_USERS.slice(1).map((u) => u.email) };
}

async function createDemoCouncil(db: Db, seed: number) {
  const demo = generateDemoCouncil(seed);
  const areas = demo.areas.map((a) => ({ code: a.code, name: a.name, level: a.level }));
  const links = demo.links.map((l) => ({ child: l.child.code, parent: l.parent.code, parentLevel: l.parent.level }));

  // LSOA counts, summed up every hierarchy so ward, MSOA and council pages have totals too.
  const groups = [...demo.groups];
  const counts = new Map<string, { total: number; counts: number[] }>();
  for (const p of demo.population) counts.set(p.lsoa, { total: p.persons, counts: groups.map((g) => p.counts[g]) });
  const byChild = new Map<string, string[]>();
  for (const l of links) byChild.set(l.child, [...(byChild.get(l.child) ?? []), l.parent]);
  const levelOf = new Map(areas.map((a) => [a.code, a.level]));
  const pending = [...counts.keys()];
  // Walk upwards level by level so a parent is complete before it is added to its own parent.
  const order = [...new Set(areas.map((a) => a.level))].sort((a, b) => LEVEL_RANK[a] - LEVEL_RANK[b]);
  for (const level of order) {
    for (const code of pending.filter((c) => levelOf.get(c) === level)) {
      const row = counts.get(code)!;
      for (const parent of byChild.get(code) ?? []) {
        // An LSOA reaches the LAD through both its MSOA and its ward: count it along one chain only.
        if (levelOf.get(parent) === 'lad' && levelOf.get(code) === 'ward') continue;
        const acc = counts.get(parent) ?? { total: 0, counts: groups.map(() => 0) };
        acc.total += row.total;
        row.counts.forEach((v, i) => (acc.counts[i] += v));
        if (!counts.has(parent)) pending.push(parent);
        counts.set(parent, acc);
      }
    }
  }

  await db.transaction(async (tx) => {
    await geoRepo.upsertAreas(tx, areas);
    await geoRepo.upsertLinks(tx, links);
    await geoRepo.upsertBoundaries(
      tx,
      demo.areas.filter((a) => a.geometry).map((a) => ({ code: a.code, geometry: a.geometry })),
      'generated (fictional)',
    );
    await geoRepo.upsertDataset(tx, {
      code: DEMO_DATASET,
      name: 'Usual residents by ethnic group (fictional)',
      source: `Generated by the demo generator, seed ${seed}. ${DEMO_NOTICE}`,
      period: '2011',
      categories: groups,
    });
    await geoRepo.upsertPopulation(
      tx,
      DEMO_DATASET,
      [...counts].map(([area_code, v]) => ({ area_code, total: v.total, counts: v.counts })),
    );
    const councilId = await councilsRepo.createCouncil(tx, {
      slug: DEMO_SLUG,
      name: demo.council.name,
      areaCode: demo.council.areaCode,
      isDemo: true,
    });
    for (const o of DEMO_ORGANISATIONS) await adminRepo.insertOrganisation(tx, councilId, o.name, o.kind);
  });
}
