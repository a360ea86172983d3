import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeTestApp, type RouteTestApp } from '../../../test/helpers/routes.ts';
import { methodsRoutes } from './routes.ts';
import { METHOD_TOPICS, methodHref, MethodsService } from './service.ts';

describe('methods pages', () => {
  let r: RouteTestApp;
  beforeAll(async () => {
    r = await routeTestApp({ routes: methodsRoutes(new MethodsService()) });
  });
  afterAll(() => r.close());

  it('serves every methods note to anyone, GOV.UK styled, from docs/methods', async () => {
    const list = await r.client.get('/methods');
    expect(list.statusCode).toBe(200);
    for (const topic of METHOD_TOPICS) {
      expect(list.body).toContain(`href="/methods/${topic}"`);
      const res = await r.client.get(`/methods/${topic}`);
      expect(res.statusCode, topic).toBe(200);
      expect(res.body).toContain('<h1 class="govuk-heading-l">');
      expect(res.body).toContain('class="govuk-body"');
    }
    const seg = await r.client.get('/methods/segregation');
    expect(seg.body).toContain('Measuring residential segregation');
    expect(seg.body).toContain('<table class="govuk-table">');
    expect(seg.body).toContain('class="govuk-list govuk-list--bullet"');
    // Sections are h2 under the page's h1, never skipping a level.
    expect(seg.body).toContain('<h2 class="govuk-heading-m">1. What the indices describe</h2>');
  });

  it('answers 404 for a note it does not serve, never reading another file', async () => {
    for (const bad of ['nothing', '..%2F..%2Fpackage.json', 'SEGREGATION'])
      expect((await r.client.get(`/methods/${bad}`)).statusCode, bad).toBe(404);
  });

  it('shows raw HTML in a note as text, and links notes to their pages here, not to repository files', async () => {
    const grants = await r.client.get('/methods/grants');
    expect(grants.body).toContain('&lt;prefix&gt;');
    expect(grants.body).not.toContain('<prefix>');
    const indicators = await r.client.get('/methods/indicators');
    expect(indicators.body).not.toContain('href="../api.md"');
    expect(methodHref('survey.md')).toBe('/methods/survey');
    expect(methodHref('docs/methods/tensions.md#alerts')).toBe('/methods/tensions#alerts');
    expect(methodHref('../api.md')).toBeNull();
    expect(methodHref('https://example.org/x')).toBe('https://example.org/x');
  });

  it('has Welsh chrome, with the English note marked as English', async () => {
    r.client.cookies.set('co_lang', 'cy');
    try {
      const res = await r.client.get('/methods/survey');
      expect(res.body).toContain('<html lang="cy"');
      expect(res.body).toContain('nodyn hwn ar gael yn Saesneg yn unig.');
      expect(res.body).toMatch(/<div lang="en">\s*<h1 class="govuk-heading-l">Survey weighting/);
      const list = await r.client.get('/methods');
      expect(list.body).toContain('ffigurau&#39;n cael eu cyfrifo');
    } finally {
      r.client.cookies.delete('co_lang');
    }
  });
});
