/**
 * Network studies on a real database: pseudonymous import (every bad row reported, nothing stored), the
 * aggregate view that never shows a person, the restricted people view that is audited, council isolation,
 * and the pages by role.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../../../test/helpers/db.ts';
import { Client, createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { upsertAreas, upsertLinks } from '../geography/repository.ts';
import { multipart } from './testing/multipart.ts';
import { demoNetwork } from './demo.ts';
import { summariseNetwork } from '../../stats/network/index.ts';

const EDGES = [
  'from,to,relationship',
  'ann,bob,neighbour',
  'bob,ann,',
  'bob,cat,friend',
  'cat,cat,',
  'cat,dan,work',
  'dan,eve,',
].join('\n');
const NODES = [
  'id,ethnic_group,tenure',
  'ann,A,owner',
  'bob,A,owner',
  'cat,B,renter',
  'dan,B,renter',
  'eve,A,renter',
  'fay,B,owner',
].join('\n');

describe.each(BACKENDS)('networks (%s)', (backend) => {
  let t: TestApp;
  let studyId: string;

  const count = async (sql: string, params: unknown[] = []) => (await t.db.query<{ n: number }>(sql, params))[0].n;

  beforeAll(async () => {
    t = await createTestApp(backend);
    await upsertAreas(t.db, [
      { code: 'X08000001', name: 'A Borough', level: 'lad' },
      { code: 'X05000001', name: 'Riverside', level: 'ward' },
    ]);
    await upsertLinks(t.db, [{ child: 'X05000001', parent: 'X08000001', parentLevel: 'lad' }]);
    studyId = await t.services.networks.studies.create(t.actor('analyst'), {
      name: 'Riverside ties',
      areaCode: 'X05000001',
      description: '',
    });
  });
  afterAll(() => t.close());

  it('refuses a ward outside the council and a repeated name', async () => {
    const s = t.services.networks.studies;
    await expect(
      s.create(t.actor('analyst'), { name: 'Other', areaCode: 'X05000099', description: '' }),
    ).rejects.toMatchObject({
      key: 'networks.errors.unknownWard',
    });
    await expect(
      s.create(t.actor('analyst'), { name: 'riverside TIES', areaCode: null, description: '' }),
    ).rejects.toMatchObject({
      key: 'networks.errors.duplicate',
    });
  });

  it('reports every bad row with its line and stores nothing', async () => {
    const s = t.services.networks.studies;
    const bad = await s.importNetwork(
      t.actor('analyst'),
      studyId,
      Buffer.from('from,to\nann,bob\nann bob,cat\nzed,ann\n,ann\n'),
      Buffer.from(NODES),
    );
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.problems.map((p) => [p.file, p.line])).toEqual([
      ['edges', 3],
      ['edges', 4],
      ['edges', 5],
    ]);
    expect(bad.problems[1].message).toContain('"zed" is not in the node file');
    expect(await count('select count(*)::int as n from network_nodes where study_id = $1', [studyId])).toBe(0);
    const identifying = await s.importNetwork(
      t.actor('analyst'),
      studyId,
      Buffer.from(EDGES),
      Buffer.from('id,name,tenure\nann,Ann Smith,owner\n'),
    );
    expect(identifying.ok).toBe(false);
    if (!identifying.ok) expect(identifying.problems[0].message).toContain('remove name');
  });

  it('imports under respondent codes only, dropping and counting repeated ties and self-ties, with an audit entry', async () => {
    const s = t.services.networks.studies;
    const r = await s.importNetwork(t.actor('analyst'), studyId, Buffer.from(EDGES), Buffer.from(NODES));
    expect(r).toEqual({ ok: true, nodes: 6, ties: 4, duplicateTies: 1, selfTies: 1 });
    const codes = await t.db.query<{ code: string; attributes: unknown }>(
      'select code, attributes from network_nodes where study_id = $1',
      [studyId],
    );
    expect(codes).toHaveLength(6);
    for (const c of codes) expect(c.code).toMatch(/^R[0-9a-f]{10}$/);
    const stored = JSON.stringify(
      await t.db.query('select * from network_nodes, network_ties where network_nodes.study_id = $1', [studyId]),
    );
    for (const id of ['ann', 'bob', 'cat', 'dan', 'eve', 'fay']) expect(stored).not.toContain(`"${id}"`);
    expect(await count(`select count(*)::int as n from audit_log where action = 'networks.study.imported'`)).toBe(1);
    // Re-importing the same file gives the same codes (the study's key is fixed).
    await s.importNetwork(t.actor('analyst'), studyId, Buffer.from(EDGES), Buffer.from(NODES));
    const again = await t.db.query<{ code: string }>(
      'select code from network_nodes where study_id = $1 order by code',
      [studyId],
    );
    expect(again.map((c) => c.code)).toEqual(codes.map((c) => c.code).sort());
  });

  it('aggregates without any respondent code, and matches the maths on the stored network', async () => {
    const a = await t.services.networks.studies.aggregate(t.council('a'), studyId, 'ethnic_group');
    expect(a).not.toBeNull();
    if (!a) return;
    expect(JSON.stringify(a)).not.toMatch(/R[0-9a-f]{10}/);
    expect(a).toMatchObject({ nodes: 6, ties: 4, components: 2, isolates: 1, attribute: 'ethnic_group' });
    // Path ann–bob–cat–dan–eve with groups A A B B A: 2 of 4 ties cross groups.
    expect(a.mixing?.observedCrossShare).toBe(0.5);
  });

  it('shows people only through the audited view', async () => {
    const before = await count(`select count(*)::int as n from audit_log where action = 'networks.people.viewed'`);
    const p = await t.services.networks.studies.people(t.actor('analyst'), studyId, null);
    expect(p?.people).toHaveLength(6);
    expect(p?.brokerCodes.length).toBeGreaterThan(0);
    expect(await count(`select count(*)::int as n from audit_log where action = 'networks.people.viewed'`)).toBe(
      before + 1,
    );
  });

  it('pages by role: viewers see the aggregate only; analysts the people; other councils nothing', async () => {
    const base = `/c/council-a/networks/${studyId}`;
    const viewer = new Client(t.app);
    await viewer.signIn('viewer@a.test');
    const page = await viewer.get(`${base}?by=tenure`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<svg');
    expect(page.body).not.toMatch(/R[0-9a-f]{10}/);
    expect((await viewer.get(`${base}/people`)).statusCode).toBe(403);
    const analyst = new Client(t.app);
    await analyst.signIn('analyst@a.test');
    const people = await analyst.get(`${base}/people`);
    expect(people.statusCode).toBe(200);
    expect(people.body).toMatch(/R[0-9a-f]{10}/);
    const other = new Client(t.app);
    await other.signIn('administrator@b.test');
    expect((await other.get(`/c/council-b/networks/${studyId}`)).statusCode).toBe(404);
    expect((await other.get(`/c/council-a/networks/${studyId}`)).statusCode).toBe(404);
  });

  it('imports through the upload form and lists bad rows in the error summary', async () => {
    const analyst = new Client(t.app);
    await analyst.signIn('analyst@a.test');
    await analyst.get(`/c/council-a/networks/${studyId}/import`);
    const send = (edges: string) => {
      const m = multipart({ _csrf: analyst.csrf }, { edges: { name: 'edges.csv', content: edges } });
      return t.app.inject({
        method: 'POST',
        url: `/c/council-a/networks/${studyId}/import`,
        payload: m.payload,
        headers: {
          'content-type': m.contentType,
          cookie: [...analyst.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        },
      });
    };
    const bad = await send('from,to\na,b\n,c\n');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('govuk-error-summary');
    expect(bad.body).toContain('line 3');
    const good = await send('from,to\na,b\nb,c\n');
    expect(good.statusCode).toBe(200);
    expect(good.body).toContain('govuk-notification-banner--success');
  });

  it('imports an edge list and a node file together through the form, and hides small communities and groups', async () => {
    const s = t.services.networks.studies;
    const id = await s.create(t.actor('analyst'), { name: 'Small groups', areaCode: null, description: '' });
    const analyst = new Client(t.app);
    await analyst.signIn('analyst@a.test');
    await analyst.get(`/c/council-a/networks/${id}/import`);
    // Two triangles (X and Y) joined by one tie, and a pair: the only Z person and a Y person.
    const m = multipart(
      { _csrf: analyst.csrf },
      {
        edges: { name: 'edges.csv', content: 'from,to\na,b\nb,c\nc,a\nc,d\nd,e\ne,f\nf,d\ng,h\n' },
        nodes: { name: 'nodes.csv', content: 'id,ethnic_group\na,X\nb,X\nc,X\nd,Y\ne,Y\nf,Y\ng,Z\nh,Y\n' },
      },
    );
    const res = await t.app.inject({
      method: 'POST',
      url: `/c/council-a/networks/${id}/import`,
      payload: m.payload,
      headers: { 'content-type': m.contentType, cookie: [...analyst.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    // Two files in one form were refused as too large (413) before.
    expect(res.statusCode).toBe(200);
    expect((await s.study(t.council('a'), id))?.attributes).toEqual(['ethnic_group']);
    const a = await s.aggregate(t.council('a'), id, 'ethnic_group');
    if (!a) throw new Error('no aggregate');
    expect(a.communityCount).toBe(3);
    expect(a.communities.map((c) => c.size)).toEqual([3, 3]);
    expect(a.small).toEqual({ communities: 1, people: 2 });
    expect(a.between).toHaveLength(1);
    // The one Z person's ties would be their own: not given.
    expect(a.mixing?.groups.find((g) => g.group === 'Z')).toEqual({
      group: 'Z',
      nodes: 1,
      within: null,
      cross: null,
      crossShare: null,
      expectedCrossShare: null,
    });
    expect(a.mixing?.groups.find((g) => g.group === 'X')).toMatchObject({ nodes: 3, within: 3, cross: 1 });
    const viewer = new Client(t.app);
    await viewer.signIn('viewer@a.test');
    const page = await viewer.get(`/c/council-a/networks/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('1 more communities have fewer than 3 people each');
    expect(page.body).toContain('not shown');
    // Z's share of ties across groups (1 of 1) is not on the page.
    expect(page.body).not.toContain('100.0%');
  });

  it('reads only the values a node file gave: a column named like an object property is just a column', async () => {
    const s = t.services.networks.studies;
    const id = await s.create(t.actor('analyst'), { name: 'Odd columns', areaCode: null, description: '' });
    const r = await s.importNetwork(
      t.actor('analyst'),
      id,
      Buffer.from('from,to\na,b\nb,c\n'),
      Buffer.from('id,constructor\na,X\nb,\nc,X\n'),
    );
    expect(r.ok).toBe(true);
    const a = await s.aggregate(t.council('a'), id, 'constructor');
    // b gave no value: not recorded, not Object's constructor function.
    expect(a?.groupValues).toEqual(['', 'X']);
    expect(JSON.stringify(a)).not.toContain('function');
  });
});

describe('demo network', () => {
  it('is seeded, has communities, brokers and isolates, and ties mostly within groups', () => {
    const n = demoNetwork();
    expect(JSON.stringify(demoNetwork())).toBe(JSON.stringify(n));
    const s = summariseNetwork({
      nodes: n.nodes.map((x) => x.code),
      ties: n.ties.map((x) => [x.from, x.to] as const),
      groups: n.nodes.map((x) => x.attributes.ethnic_group ?? null),
    });
    expect(s.isolates.length).toBe(5);
    expect(s.modularity ?? 0).toBeGreaterThan(0.4);
    expect(s.communitySizes.filter((c) => c > 5).length).toBeGreaterThanOrEqual(4);
    expect(s.mixing?.observedCrossShare ?? 1).toBeLessThan((s.mixing?.expectedCrossShare ?? 0) * 0.8);
  });
});
