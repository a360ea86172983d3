import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../../../test/helpers/db.ts';
import { Client, createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { isPastIsoDate } from './forms.ts';
import { readFileSync } from 'node:fs';
import { LAST_AUTOMATED_CHECK, localised, longDate, paragraphs } from './present.ts';

const details = {
  dpo_contact: 'dpo@a.test',
  controller_address: '1 Civic Square, A Town',
  ico_registration: 'z1234567',
  privacy_extra_en: 'We also share reports with the A Community Safety Partnership.\n\nSecond paragraph.',
  privacy_extra_cy: '',
  accessibility_contact: 'access@a.test',
  compliance: 'partial',
  tested_on: '2026-11-30',
  accessibility_issues_en: 'Some older council PDFs are not tagged.',
  accessibility_issues_cy: 'Nid yw rhai hen ddogfennau PDF y cyngor wedi’u tagio.',
};

describe.each(BACKENDS)('privacy notice and accessibility statement (%s)', (backend) => {
  let t: TestApp;
  let slug: string;

  beforeAll(async () => {
    t = await createTestApp(backend);
    slug = t.seeded.councils.a.slug;
  });
  afterAll(() => t.close());

  it('shows sound defaults to anyone: controller, Article 9 conditions, retention from the settings, the ICO', async () => {
    const res = await new Client(t.app).get(`/privacy/${slug}`);
    expect(res.statusCode).toBe(200);
    const council = t.council('a');
    expect(res.body).toContain(`${council.name} is the controller`);
    expect(res.body).toContain('Article 9(2)(g)');
    expect(res.body).toContain('paragraph 8');
    expect(res.body).toContain('Article 9(2)(j)');
    expect(res.body).toContain('Article 6(1)(e)');
    expect(res.body).toContain('section 17 of the Crime and Disorder Act 1998');
    expect(res.body).toMatch(/erased 24 months after/); // the tension monitoring default
    expect(res.body).toContain('counts below 5 are hidden');
    expect(res.body).toContain('police');
    expect(res.body).toContain('Wycliffe House');
    expect(res.body).toContain('https://ico.org.uk/make-a-complaint/');
    expect(res.body).toContain('standard text. The council has not yet added its own details');
  });

  it('takes the retention period from the council’s tension monitoring settings', async () => {
    const s = await t.services.tensions.settings.get(t.council('a'));
    await t.services.tensions.settings.save(t.actor('administrator'), {
      ...s,
      retention_months: 18,
      suppression_threshold: 7,
    });
    const res = await new Client(t.app).get(`/privacy/${slug}`);
    expect(res.body).toMatch(/erased 18 months after/);
    expect(res.body).toContain('counts below 7 are hidden');
    const cy = new Client(t.app);
    cy.cookies.set('co_lang', 'cy');
    expect((await cy.get(`/privacy/${slug}`)).body).toMatch(/eu dileu 18 mis ar ôl/);
  });

  it('shows the accessibility statement in the GOV.UK model form', async () => {
    const res = await new Client(t.app).get(`/accessibility/${slug}`);
    expect(res.statusCode).toBe(200);
    for (const heading of [
      'How accessible this service is',
      'Feedback and contact information',
      'Reporting accessibility problems with this service',
      'Enforcement procedure',
      'Compliance status',
      'Non-accessible content',
      'How we tested this service',
      'Preparation of this accessibility statement',
    ])
      expect(res.body).toContain(heading);
    expect(res.body).toContain('partially compliant with the Web Content Accessibility Guidelines version 2.2 AA');
    expect(res.body).toContain('axe-core');
  });

  it('states the date and result of the last automated check, and claims 400% zoom only where a test proves it', async () => {
    const en = (await new Client(t.app).get(`/accessibility/${slug}`)).body;
    const date = longDate(LAST_AUTOMATED_CHECK, 'en');
    expect(en).toContain(
      `Last automated check: ${date}. Result: axe-core found no violations of the WCAG 2.2 A and AA`,
    );
    expect(en).toContain('Automated testing cannot show that a page is accessible');
    expect(en).toContain('we have checked only some pages at 400% zoom');
    expect(en).not.toContain('zoom in up to 400% without the text spilling off the screen');
    // The pages it names are the ones the browser test measures at 320 px.
    expect(en).toContain(
      'zoom in up to 400% on the overview, segregation, the tension picture, a case and survey results',
    );
    const e2e = readFileSync(new URL('../../../test/e2e/platform.e2e.test.ts', import.meta.url), 'utf8');
    expect(e2e).toMatch(/setViewportSize\(\{ width: 320[\s\S]*expect\(scrollWidth[^;]*toBeLessThanOrEqual\(320\)/);
    const cy = new Client(t.app);
    cy.cookies.set('co_lang', 'cy');
    const welsh = (await cy.get(`/accessibility/${slug}`)).body;
    expect(welsh).toContain(`Gwiriad awtomataidd diwethaf: ${longDate(LAST_AUTOMATED_CHECK, 'cy')}.`);
    expect(LAST_AUTOMATED_CHECK).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('answers 404 for an unknown council, and serves the standard pages without one', async () => {
    const c = new Client(t.app);
    expect((await c.get('/privacy/no-such-council')).statusCode).toBe(404);
    const generic = await c.get('/privacy');
    expect(generic.statusCode).toBe(200);
    expect(generic.body).toContain('The council that runs this service for your area is the controller');
    expect((await c.get('/accessibility')).statusCode).toBe(200);
  });

  it('lets only administrators edit, and rejects bad input with the error summary', async () => {
    const url = `/c/${slug}/admin/notices`;
    for (const role of ['officer', 'analyst', 'partner', 'viewer']) {
      const c = new Client(t.app);
      await c.signIn(`${role}@a.test`);
      expect((await c.get(url)).statusCode).toBe(403);
      expect((await c.post(url, details)).statusCode).toBe(403);
    }
    const admin = new Client(t.app);
    await admin.signIn('administrator@a.test');
    expect((await admin.get(url)).statusCode).toBe(200);
    const bad = await admin.post(url, { ...details, ico_registration: 'not a number', tested_on: '2026-02-31' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('govuk-error-summary');
    expect(bad.body).toContain('Enter an ICO registration number like Z1234567');
    expect(bad.body).toContain('Enter a date in the past');
    // B's administrator cannot reach A's page at all.
    const adminB = new Client(t.app);
    await adminB.signIn('administrator@b.test');
    expect((await adminB.get(url)).statusCode).toBe(404);
  });

  it('publishes what the administrator saves, in both languages, marking English-only text as English', async () => {
    const admin = new Client(t.app);
    await admin.signIn('administrator@a.test');
    const url = `/c/${slug}/admin/notices`;
    await admin.get(url);
    const saved = await admin.post(url, details);
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`${url}?saved=1`);
    expect((await admin.get(`${url}?saved=1`)).body).toContain('have been saved');

    const en = new Client(t.app);
    const privacy = await en.get(`/privacy/${slug}`);
    expect(privacy.body).toContain('dpo@a.test');
    expect(privacy.body).toContain('registration number Z1234567');
    expect(privacy.body).toContain('A Community Safety Partnership');
    expect(privacy.body).toContain('Last updated');

    const cy = new Client(t.app);
    cy.cookies.set('co_lang', 'cy');
    const privacyCy = await cy.get(`/privacy/${slug}`);
    expect(privacyCy.body).toContain('Hysbysiad preifatrwydd');
    // No Welsh version of the council's extra text: the English is shown, in its own lang="en" block.
    expect(privacyCy.body).toMatch(/<div class="app-council-text" id="council-privacy-text" lang="en">/);
    const accessCy = await cy.get(`/accessibility/${slug}`);
    expect(accessCy.body).toContain('Nid yw rhai hen ddogfennau PDF');
    expect(accessCy.body).toMatch(/id="council-accessibility-issues">/);
    expect(accessCy.body).toContain('30 Tachwedd 2026');

    const audit = await t.db.query(`select count(*)::int as n from audit_log where action = 'notices.changed'`);
    expect(audit).toEqual([{ n: 1 }]);
  });

  it('links the notices from the public report form and from the footer', async () => {
    const start = await new Client(t.app).get(`/report/${slug}`);
    expect(start.body).toContain(`href="/privacy/${slug}"`);
    expect(start.body).toContain(`href="/accessibility/${slug}"`);
  });
});

describe('notice helpers', () => {
  it('splits council text into paragraphs on blank lines', () => {
    expect(paragraphs('One\nstill one\n\n  Two  \n\n\n')).toEqual(['One\nstill one', 'Two']);
  });
  it('prefers the page language and marks the other language', () => {
    expect(localised('Hello', 'Helo', 'cy')).toEqual({ paragraphs: ['Helo'], lang: null });
    expect(localised('Hello', '', 'cy')).toEqual({ paragraphs: ['Hello'], lang: 'en' });
    expect(localised('', 'Helo', 'en')).toEqual({ paragraphs: ['Helo'], lang: 'cy' });
    expect(localised(' ', '', 'en')).toBeNull();
  });
  it('accepts only real dates that are not in the future', () => {
    expect(isPastIsoDate('2026-11-30', '2026-12-02')).toBe(true);
    expect(isPastIsoDate('2026-02-31', '2026-12-02')).toBe(false);
    expect(isPastIsoDate('2026-12-03', '2026-12-02')).toBe(false);
    expect(isPastIsoDate('30/11/2026', '2026-12-02')).toBe(false);
  });
});
