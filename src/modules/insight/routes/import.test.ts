import { afterEach, describe, expect, it } from 'vitest';
import type { RouteTestApp } from '../../../../test/helpers/routes.ts';
import { DomainError } from '../../../kernel/errors.ts';
import { BASE, insightTestApp, multipart, stubs } from '../testing/route-stubs.ts';

const TIDY = 'area_code,period,indicator,value\nX08000001,2019,gla.participation.volunteering,31\n';

/** The import page on stub services: an upload reaches the service with the actor, errors reach the summary. */
describe('insight import page', () => {
  let r: RouteTestApp | undefined;
  afterEach(() => r?.close());

  const upload = async (
    app: RouteTestApp,
    fields: Record<string, string>,
    file: { name: string; content: string } | null,
  ) => {
    const m = multipart({ _csrf: app.client.csrf, ...fields }, file);
    return app.app.inject({
      method: 'POST',
      url: `${BASE}/import`,
      payload: m.payload,
      headers: {
        'content-type': m.contentType,
        cookie: [...app.client.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      },
    });
  };

  it('imports an uploaded file as the signed-in analyst and says what was stored', async () => {
    const s = stubs();
    r = await insightTestApp(s);
    expect((await r.client.get(`${BASE}/import`)).statusCode).toBe(200);
    const res = await upload(r, { kind: 'nomis', dataset: 'TS029_2021' }, { name: 'ts029.csv', content: TIDY });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Imported 7 rows: 14 indicator values and counts for 7 areas (2 new).');
    expect(res.body).toContain('ts029_2021');
    expect(s.imports.upload).toHaveBeenCalledWith(
      expect.objectContaining({ userId: r.actor?.userId, role: 'analyst' }),
      { kind: 'nomis', dataset: 'ts029_2021', file: Buffer.from(TIDY) },
    );
  });

  it('shows the error summary when the kind or the file is missing, and calls nothing', async () => {
    const s = stubs();
    r = await insightTestApp(s);
    await r.client.get(`${BASE}/import`);
    const res = await upload(r, { dataset: 'Bad Code!' }, null);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('govuk-error-summary');
    expect(res.body).toContain('Choose what you are importing');
    expect(res.body).toContain('Choose a CSV file');
    expect(res.body).toContain('href="#dataset"');
    expect(s.imports.upload).not.toHaveBeenCalled();
  });

  it('lists every bad row of a file that was not imported', async () => {
    const s = stubs();
    s.imports.upload.mockResolvedValueOnce({
      ok: false,
      problems: [
        { line: 3, message: 'value "abc" is not a number' },
        { line: 4, message: 'area_code "ZZ" is not a GSS code' },
      ],
      problemCount: 2,
      rows: 0,
      values: 0,
      areas: 0,
      newAreas: 0,
      skipped: 0,
      dataset: null,
      indicators: [],
    });
    r = await insightTestApp(s);
    await r.client.get(`${BASE}/import`);
    const res = await upload(r, { kind: 'indicators' }, { name: 'v.csv', content: TIDY });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Line 3: value &quot;abc&quot; is not a number');
    expect(res.body).toContain('Line 4: area_code &quot;ZZ&quot; is not a GSS code');
  });

  it('shows a file the service cannot read on the file field', async () => {
    const s = stubs();
    s.imports.upload.mockRejectedValueOnce(
      new DomainError('insight.import.errors.badFile', 'file', { reason: 'not a valid gzip file' }),
    );
    r = await insightTestApp(s);
    await r.client.get(`${BASE}/import`);
    const res = await upload(r, { kind: 'indicators' }, { name: 'v.csv.gz', content: 'garbage' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('The file could not be read: not a valid gzip file');
    expect(res.body).toContain('href="#file"');
  });

  it('refuses the import page to a viewer (403) without calling the service', async () => {
    const s = stubs();
    r = await insightTestApp(s, 'viewer');
    expect((await r.client.get(`${BASE}/import`)).statusCode).toBe(403);
    await r.client.get(`${BASE}/indicators`);
    expect((await upload(r, { kind: 'indicators' }, { name: 'v.csv', content: TIDY })).statusCode).toBe(403);
    expect(s.imports.upload).not.toHaveBeenCalled();
  });
});
