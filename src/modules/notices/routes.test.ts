/**
 * Route tests (stub service, no database) for the notices: the public pages with a council's details, 404 for an
 * unknown council, and the administrators' form (error summary on bad input, nothing saved; redirect after saving).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { routeTestApp, TEST_COUNCIL, type RouteTestApp } from '../../../test/helpers/routes.ts';
import { DEFAULT_DETAILS } from './repository.ts';
import { noticesRoutes } from './routes.ts';
import type { NoticeContent, NoticesService } from './service.ts';

const content: NoticeContent = {
  council: TEST_COUNCIL,
  details: { ...DEFAULT_DETAILS, dpo_contact: 'dpo@council-a.test', ico_registration: 'Z1234567' },
  stored: true,
  createdAt: new Date('2026-01-05T00:00:00Z'),
  updatedAt: new Date('2026-06-01T00:00:00Z'),
  retentionMonths: 18,
  suppressionThreshold: 7,
};

const form = {
  dpo_contact: 'dpo@council-a.test',
  controller_address: 'Town Hall',
  ico_registration: 'z7654321',
  privacy_extra_en: '',
  privacy_extra_cy: '',
  accessibility_contact: 'access@council-a.test',
  compliance: 'full',
  tested_on: '2026-10-01',
  accessibility_issues_en: '',
  accessibility_issues_cy: '',
};

describe('notices routes', () => {
  let r: RouteTestApp | undefined;
  afterEach(() => r?.close());

  const build = async (role?: 'administrator' | 'officer') => {
    const s = {
      bySlug: vi.fn(async (slug: string) => (slug === TEST_COUNCIL.slug ? content : null)),
      content: vi.fn(async () => content),
      save: vi.fn(async () => undefined),
    };
    const clock = () => new Date('2026-12-02T12:00:00Z');
    r = await routeTestApp({ routes: noticesRoutes(s as unknown as NoticesService, clock), role });
    return { s, r };
  };

  it("shows a council's privacy notice with its own details, and 404 for a council that does not exist", async () => {
    const { r } = await build();
    const page = await r.client.get(`/privacy/${TEST_COUNCIL.slug}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Council A');
    expect(page.body).toContain('dpo@council-a.test');
    expect(page.body).toContain('Z1234567');
    expect((await r.client.get('/privacy/no-such-council')).statusCode).toBe(404);
    expect((await r.client.get('/accessibility')).statusCode).toBe(200);
  });

  it('refuses a bad ICO number and a future test date in the error summary, and saves nothing', async () => {
    const { s, r } = await build('administrator');
    await r.client.get(`/c/${TEST_COUNCIL.slug}/admin/notices`);
    const res = await r.client.post(`/c/${TEST_COUNCIL.slug}/admin/notices`, {
      ...form,
      ico_registration: '12345',
      tested_on: '2027-01-01',
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('govuk-error-summary');
    expect(res.body).toContain('Enter an ICO registration number like Z1234567');
    expect(res.body).toContain('Enter a date in the past as year-month-day');
    expect(s.save).not.toHaveBeenCalled();
  });

  it('saves the details as the administrator and redirects to the form with a confirmation', async () => {
    const { s, r } = await build('administrator');
    await r.client.get(`/c/${TEST_COUNCIL.slug}/admin/notices`);
    const res = await r.client.post(`/c/${TEST_COUNCIL.slug}/admin/notices`, form);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/c/${TEST_COUNCIL.slug}/admin/notices?saved=1`);
    expect(s.save).toHaveBeenCalledWith(
      expect.objectContaining({ role: 'administrator' }),
      expect.objectContaining({ ico_registration: 'Z7654321', compliance: 'full', tested_on: '2026-10-01' }),
    );
    const saved = await r.client.get(res.headers.location as string);
    expect(saved.body).toContain('The privacy notice and accessibility statement have been saved.');
  });

  it('is refused to an officer', async () => {
    const { s, r } = await build('officer');
    expect((await r.client.get(`/c/${TEST_COUNCIL.slug}/admin/notices`)).statusCode).toBe(403);
    expect(s.content).not.toHaveBeenCalled();
  });
});
