/**
 * Route tests (stub services, no database) for Connect: the programmes list, a new programme (error summary on bad
 * input or a taken name, nothing created; redirect after creating), and the learner's offer page (404 for an
 * unknown token, an answer required, the answer recorded).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { routeTestApp, TEST_COUNCIL, type RouteTestApp } from '../../../../test/helpers/routes.ts';
import { DomainError } from '../../../kernel/errors.ts';
import type { ProgrammeRow } from '../model.ts';
import type { ConnectServices } from '../services/index.ts';
import { connectRoutes } from './index.ts';

const BASE = `/c/${TEST_COUNCIL.slug}/connect`;
const PROGRAMME_ID = '00000000-0000-4000-8000-0000000000e1';
const TOKEN = 'a'.repeat(43);
const programme: ProgrammeRow = {
  id: PROGRAMME_ID,
  council_id: TEST_COUNCIL.id,
  kind: 'esol',
  name: 'Spring ESOL classes',
  max_km: 5,
  last_run_at: null,
  last_objective: null,
  created_at: new Date('2026-11-01T00:00:00Z'),
};
const offer = {
  id: '00000000-0000-4000-8000-0000000000e2',
  council_id: TEST_COUNCIL.id,
  programme_id: PROGRAMME_ID,
  reference: 'L-0042',
  status: 'offered',
  class_code: 'ESOL-E2-MON',
  level: 'Entry 2',
  slot: 'Monday morning',
  venue: 'Library',
};

function stubs() {
  return {
    programmes: {
      list: vi.fn(async () => [programme]),
      create: vi.fn(async () => PROGRAMME_ID),
    },
    waitlist: {
      offer: vi.fn(async (token: string) => (token === TOKEN ? offer : null)),
      answer: vi.fn(async () => 'accepted'),
    },
  };
}

describe('connect routes', () => {
  let r: RouteTestApp | undefined;
  afterEach(() => r?.close());

  const build = async (role?: 'officer') => {
    const s = stubs();
    r = await routeTestApp({ routes: connectRoutes(s as unknown as ConnectServices), role });
    return { s, r };
  };

  it('lists the programmes', async () => {
    const { r } = await build('officer');
    const page = await r.client.get(BASE);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Spring ESOL classes');
  });

  it('refuses a bad new programme and a taken name in the error summary, and redirects after creating', async () => {
    const { s, r } = await build('officer');
    await r.client.get(`${BASE}/new`);
    const bad = await r.client.post(`${BASE}/new`, { name: 'S', kind: 'esol', maxKm: '500' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('govuk-error-summary');
    expect(bad.body).toContain('Enter a name of at least 2 characters');
    expect(bad.body).toContain('Enter a distance between 0 and 200 km');
    expect(s.programmes.create).not.toHaveBeenCalled();

    s.programmes.create.mockRejectedValueOnce(new DomainError('connect.programmes.errors.nameTaken', 'name'));
    const taken = await r.client.post(`${BASE}/new`, { name: 'Spring ESOL classes', kind: 'esol', maxKm: '5' });
    expect(taken.statusCode).toBe(400);
    expect(taken.body).toContain('There is already a programme with this name');

    const ok = await r.client.post(`${BASE}/new`, { name: 'Autumn ESOL classes', kind: 'esol', maxKm: '7.5' });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe(`${BASE}/p/${PROGRAMME_ID}?done=created`);
    expect(s.programmes.create).toHaveBeenLastCalledWith(expect.objectContaining({ role: 'officer' }), {
      name: 'Autumn ESOL classes',
      kind: 'esol',
      maxKm: 7.5,
    });
  });

  it("shows a learner's offer without an account, asks for an answer, and records it", async () => {
    const { s, r } = await build();
    expect((await r.client.get(`/connect/offer/${'b'.repeat(43)}`)).statusCode).toBe(404);
    const page = await r.client.get(`/connect/offer/${TOKEN}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('L-0042');
    expect(page.body).toContain('ESOL-E2-MON');

    const none = await r.client.post(`/connect/offer/${TOKEN}`, {});
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('govuk-error-summary');
    expect(none.body).toContain('Select whether you want the place');
    expect(s.waitlist.answer).not.toHaveBeenCalled();

    const done = await r.client.post(`/connect/offer/${TOKEN}`, { answer: 'accept' });
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('You accepted the place');
    expect(s.waitlist.answer).toHaveBeenCalledWith(TOKEN, true);
  });
});
