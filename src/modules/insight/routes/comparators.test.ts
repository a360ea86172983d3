import { afterEach, describe, expect, it } from 'vitest';
import type { RouteTestApp } from '../../../../test/helpers/routes.ts';
import { DomainError } from '../../../kernel/errors.ts';
import { BASE, COMPARATORS, INDICATOR, insightTestApp, stubs } from '../testing/route-stubs.ts';

/** The comparator group page, its download and its two forms, on stub services. */
describe('insight comparators page', () => {
  let r: RouteTestApp | undefined;
  afterEach(() => r?.close());

  it('lists the comparator group with the characteristics ticked, and downloads it', async () => {
    const s = stubs();
    r = await insightTestApp(s);
    const page = await r.client.get(`${BASE}/comparators?saved=1`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Northvale (fictional)');
    expect(page.body).toContain('0.125');
    expect(page.body).toContain('The comparator group has been saved.');
    expect(page.body).toMatch(new RegExp(`value="${INDICATOR.code.replace(/\./g, '\\.')}" checked`));
    // The characteristics used are named, never shown as stored codes (lg_inform.english_proficiency@2021).
    expect(page.body).toContain(`Characteristics: ${INDICATOR.name} (2021).`);
    expect(page.body).not.toContain('@2021');
    const json = (await r.client.get(`${BASE}/comparators?format=json`)).json();
    expect(json).toMatchObject({
      method: 'nearest',
      characteristics: COMPARATORS.characteristics,
      data: [{ position: 1, area_code: 'X08000002', distance: 0.125 }, { position: 2 }],
    });
    const csv = await r.client.get(`${BASE}/comparators?format=csv`);
    expect(csv.body.split('\r\n')[0]).toBe('position,area_code,name,distance');
  });

  it('computes nearest neighbours as the signed-in analyst and redirects', async () => {
    const s = stubs();
    r = await insightTestApp(s);
    await r.client.get(`${BASE}/comparators`);
    const res = await r.client.post(`${BASE}/comparators/nearest`, { characteristics: INDICATOR.code, k: '5' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${BASE}/comparators?saved=1`);
    expect(s.comparators.setNearest).toHaveBeenCalledWith(
      expect.objectContaining({ userId: r.actor?.userId, role: 'analyst' }),
      [INDICATOR.code],
      5,
    );
  });

  it('shows the error summary for a bad group size and calls nothing', async () => {
    const s = stubs();
    r = await insightTestApp(s);
    await r.client.get(`${BASE}/comparators`);
    const res = await r.client.post(`${BASE}/comparators/nearest`, { characteristics: INDICATOR.code, k: '99' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('govuk-error-summary');
    expect(res.body).toContain('Enter a whole number from 1 to 30');
    expect(s.comparators.setNearest).not.toHaveBeenCalled();
  });

  it('sets a hand-picked list, and shows codes the service does not know on the field', async () => {
    const s = stubs();
    s.comparators.setManual.mockRejectedValueOnce(
      new DomainError('insight.comparators.errors.unknownCodes', 'codes', { codes: 'E09000999' }),
    );
    r = await insightTestApp(s);
    await r.client.get(`${BASE}/comparators`);
    const unknown = await r.client.post(`${BASE}/comparators/manual`, { codes: 'e09000999' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('These councils are not known to the service: E09000999');
    expect(unknown.body).toContain('href="#codes"');
    expect(unknown.body).toContain('e09000999</textarea>');
    const ok = await r.client.post(`${BASE}/comparators/manual`, { codes: 'x08000002, X08000003' });
    expect(ok.statusCode).toBe(303);
    expect(s.comparators.setManual).toHaveBeenLastCalledWith(expect.objectContaining({ role: 'analyst' }), [
      'X08000002',
      'X08000003',
    ]);
    const blank = await r.client.post(`${BASE}/comparators/manual`, { codes: ' ' });
    expect(blank.statusCode).toBe(400);
    expect(s.comparators.setManual).toHaveBeenCalledTimes(2);
  });

  it('lets a viewer see the group but not change it (403, no service call)', async () => {
    const s = stubs();
    r = await insightTestApp(s, 'viewer');
    const page = await r.client.get(`${BASE}/comparators`);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('/comparators/nearest');
    expect(
      (await r.client.post(`${BASE}/comparators/nearest`, { characteristics: INDICATOR.code, k: '5' })).statusCode,
    ).toBe(403);
    expect((await r.client.post(`${BASE}/comparators/manual`, { codes: 'X08000002' })).statusCode).toBe(403);
    expect(s.comparators.setNearest).not.toHaveBeenCalled();
    expect(s.comparators.setManual).not.toHaveBeenCalled();
  });
});
