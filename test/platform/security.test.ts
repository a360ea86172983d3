import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../helpers/db.ts';
import { Client, createTestApp, type TestApp } from '../helpers/app.ts';

describe.each(BACKENDS)('security headers, errors and health (%s)', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(backend);
  });
  afterAll(() => t.close());

  it('sends a strict Content Security Policy with a per-response script nonce', async () => {
    const a = await t.app.inject({ url: '/sign-in' });
    const b = await t.app.inject({ url: '/sign-in' });
    const csp = String(a.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("form-action 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    const nonce = /'nonce-([^']+)'/.exec(csp)![1];
    expect(a.body).toContain(`nonce="${nonce}"`);
    expect(String(b.headers['content-security-policy'])).not.toContain(nonce);
    expect(a.headers['x-content-type-options']).toBe('nosniff');
    expect(a.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(a.headers['strict-transport-security']).toContain('max-age=31536000');
    expect(a.headers['referrer-policy']).toBe('same-origin');
    expect(a.headers['cache-control']).toBe('no-store');
  });

  it('answers liveness and readiness', async () => {
    expect((await t.app.inject({ url: '/health' })).json()).toEqual({ status: 'ok' });
    const ready = await t.app.inject({ url: '/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', database: backend });
  });

  it('shows a friendly 404 page and never a stack trace', async () => {
    const res = await t.app.inject({ url: '/no/such/page' });
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain('Page not found');
    expect(res.body).not.toMatch(/at .*\.ts:\d+/);
  });

  it('answers malformed requests with a clear error and no internals', async () => {
    const c = new Client(t.app);
    await c.get('/sign-in');
    const res = await t.app.inject({
      method: 'POST',
      url: '/sign-in',
      payload: '{not json',
      headers: { 'content-type': 'application/json', cookie: `co_csrf=${c.cookies.get('co_csrf')}` },
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).not.toMatch(/SyntaxError|at .*\.ts:\d+/);
  });

  it('serves GOV.UK Frontend assets', async () => {
    const css = await t.app.inject({ url: '/govuk/govuk.css' });
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-type']).toContain('text/css');
    expect((await t.app.inject({ url: '/assets/images/favicon.ico' })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/govuk/package.json' })).statusCode).toBe(404);
  });

  it('switches language to Welsh, body text included, and refuses to redirect elsewhere', async () => {
    const c = new Client(t.app);
    const res = await c.get('/language/cy?returnTo=/sign-in');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/sign-in');
    const page = await c.get('/sign-in');
    expect(page.body).toContain('<html lang="cy"');
    expect(page.body).toContain('Mewngofnodi');
    expect(page.body).toContain('Os nad oes gennych gyfrif');
    expect(page.body).not.toContain('If you do not have an account');
    const evil = await c.get('/language/en?returnTo=https://evil.example');
    expect(evil.headers.location).toBe('/');
  });
});
