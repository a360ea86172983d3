import { randomBytes } from 'node:crypto';
import type { Role } from '../kernel/access.ts';
import { systemActor } from '../kernel/actor.ts';
import { generateDemoCouncil, DEMO_NOTICE } from '../demo/council.ts';
import { LEVEL_RANK } from '../geo/gss.ts';
import type { OrganisationKind } from '../modules/admin/index.ts';
import type { Container } from './container.ts';

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

const DEMO_ORGANISATIONS: { name: string; kind: OrganisationKind }[] = [
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
export async function seedDemo(container: Container, opts: { seed?: number } = {}) {
  const { services } = container;
  if (!(await services.councils.bySlug(DEMO_SLUG))) await createDemoCouncil(container, opts.seed ?? 2024);
  const council = await services.councils.bySlug(DEMO_SLUG);
  if (!council) throw new Error('the demo council was not created');
  const actor = systemActor(council, 'demo');
  const organisations = await services.admin.organisations(council.id);
  const password = randomBytes(12).toString('base64url');
  for (const u of DEMO_USERS) {
    const organisationId = u.org ? (organisations.find((o) => o.name === u.org)?.id ?? null) : null;
    await services.admin.createUser(actor, {
      email: u.email,
      displayName: u.name,
      role: u.role,
      organisationId,
      password,
    });
  }
  // Each module seeds its part once: skipped when the council already has its data.
  for (const m of container.modules) if (m.demo) await m.demo(council);
  return { slug: DEMO_SLUG, email: DEMO_ADMIN_EMAIL, password, otherUsers: DEMO_USERS.slice(1).map((u) => u.email) };
}

async function createDemoCouncil({ deps, services }: Container, seed: number) {
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
      const row = counts.get(code);
      if (!row) continue; // every pending code has its counts; this only satisfies the type
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

  const write = services.geography.write;
  await deps.db.transaction(async (tx) => {
    await write.areas(tx, areas);
    await write.links(tx, links);
    await write.boundaries(
      tx,
      demo.areas.filter((a) => a.geometry).map((a) => ({ code: a.code, geometry: a.geometry })),
      'generated (fictional)',
    );
    await write.dataset(tx, {
      code: DEMO_DATASET,
      name: 'Usual residents by ethnic group (fictional)',
      source: `Generated by the demo generator, seed ${seed}. ${DEMO_NOTICE}`,
      period: '2011',
      categories: groups,
    });
    await write.population(
      tx,
      DEMO_DATASET,
      [...counts].map(([area_code, v]) => ({ area_code, total: v.total, counts: v.counts })),
    );
  });
  await services.councils.create({
    slug: DEMO_SLUG,
    name: demo.council.name,
    areaCode: demo.council.areaCode,
    isDemo: true,
  });
  const council = await services.councils.bySlug(DEMO_SLUG);
  if (!council) throw new Error('the demo council was not created');
  for (const o of DEMO_ORGANISATIONS)
    await services.admin.addOrganisation(systemActor(council, 'demo'), o.name, o.kind);
}
