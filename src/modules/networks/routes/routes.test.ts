/**
 * Route tests (stub services, no database) for network studies: the list, creating a study (error summary on a
 * bad name, redirect to the import page after), and importing ties (a missing file or bad rows listed by line).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { routeTestApp, TEST_COUNCIL, type RouteTestApp } from '../../../../test/helpers/routes.ts';
import type { Study } from '../model.ts';
import type { NetworksServices } from '../services/index.ts';
import { multipart } from '../testing/multipart.ts';
import { networksRoutes } from './index.ts';

const BASE = `/c/${TEST_COUNCIL.slug}/networks`;
const study: Study = {
  id: '00000000-0000-4000-8000-0000000000d1',
  name: 'Riverside friendships',
  areaCode: null,
  areaName: null,
  description: '',
  attributes: [],
  nodes: 0,
  ties: 0,
  duplicateTies: 0,
  selfTies: 0,
  importedAt: null,
};

function stubs() {
  return {
    studies: {
      list: vi.fn(async () => [study]),
      wards: vi.fn(async () => [{ code: 'X05000001', name: 'Abbey' }]),
      study: vi.fn(async (_c: unknown, id: string) => (id === study.id ? study : null)),
      surveySources: vi.fn(async () => []),
      create: vi.fn(async () => study.id),
      importNetwork: vi.fn(),
    },
  };
}

describe('networks routes', () => {
  let r: RouteTestApp | undefined;
  afterEach(() => r?.close());

  const build = async (s = stubs()) => {
    r = await routeTestApp({ routes: networksRoutes(s as unknown as NetworksServices), role: 'analyst' });
    await r.client.get(BASE); // the page carries the CSRF token
    return { s, r };
  };
  const upload = (r: RouteTestApp, files: Record<string, { name: string; content: string }>) => {
    const body = multipart({ _csrf: r.client.csrf }, files);
    return r.app.inject({
      method: 'POST',
      url: `${BASE}/${study.id}/import`,
      payload: body.payload,
      headers: {
        'content-type': body.contentType,
        cookie: [...r.client.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      },
    });
  };

  it('lists the studies and offers the wards', async () => {
    const { r } = await build();
    const page = await r.client.get(BASE);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Riverside friendships');
    expect(page.body).toContain('Abbey');
  });

  it('refuses a one-letter name in the error summary, and goes to the import page after creating', async () => {
    const { s, r } = await build();
    const bad = await r.client.post(BASE, { name: 'R', areaCode: '' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('govuk-error-summary');
    expect(bad.body).toContain('Enter a name of at least 2 characters');
    expect(s.studies.create).not.toHaveBeenCalled();

    const ok = await r.client.post(BASE, { name: 'Riverside friendships', areaCode: 'X05000001' });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe(`${BASE}/${study.id}/import`);
    expect(s.studies.create).toHaveBeenCalledWith(expect.objectContaining({ role: 'analyst' }), {
      name: 'Riverside friendships',
      areaCode: 'X05000001',
      description: '',
    });
  });

  it('asks for the edge list, lists bad rows by file and line, and reports what was imported', async () => {
    const { s, r } = await build();
    const none = await upload(r, {});
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('Choose the edge list to import');
    expect(s.studies.importNetwork).not.toHaveBeenCalled();

    s.studies.importNetwork.mockResolvedValueOnce({
      ok: false,
      problems: [{ file: 'edges', line: 3, message: 'the "to" id is empty' }],
    });
    const bad = await upload(r, { edges: { name: 'ties.csv', content: 'from,to\na,b\nc,\n' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Edge list, line 3: the &quot;to&quot; id is empty');
    expect(bad.body).toContain('This file was not imported: it has 1 problems');

    s.studies.importNetwork.mockResolvedValueOnce({ ok: true, nodes: 3, ties: 2, duplicateTies: 1, selfTies: 0 });
    const ok = await upload(r, { edges: { name: 'ties.csv', content: 'from,to\na,b\nb,c\na,b\n' } });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('Imported 3 people and 2 ties (1 repeated ties and 0 self-ties dropped).');
    expect(s.studies.importNetwork).toHaveBeenLastCalledWith(
      expect.objectContaining({ role: 'analyst' }),
      study.id,
      Buffer.from('from,to\na,b\nb,c\na,b\n'),
      null,
    );
  });

  it('answers 404 for a study that does not exist', async () => {
    const { r } = await build();
    expect((await r.client.get(`${BASE}/00000000-0000-4000-8000-0000000000ff/import`)).statusCode).toBe(404);
  });
});
