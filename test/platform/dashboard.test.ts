import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../helpers/db.ts';
import { Client, createTestApp, type TestApp } from '../helpers/app.ts';

describe.each(BACKENDS)('council overview panels (%s)', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(backend);
  });
  afterAll(() => t.close());

  const overview = async (role: string) => {
    const c = new Client(t.app);
    await c.signIn(`${role}@a.test`);
    const res = await c.get('/c/council-a');
    expect(res.statusCode).toBe(200);
    return res.body;
  };

  it("shows officers this week's tension picture and links only to what their role may open", async () => {
    const body = await overview('officer');
    expect(body).toContain('Tension this week');
    expect(body).toContain('No ward is at moderate tension or above this week.');
    expect(body).toContain('/c/council-a/tensions');
  });

  it('puts the survey headline and key indicators beside the tension panel', async () => {
    const body = await overview('analyst');
    const panels = body.slice(body.indexOf('app-dashboard-panels'));
    expect(panels).toContain('Tension this week');
    expect(panels).toContain('Residents’ survey');
    expect(panels).toContain('No survey results have been published yet.');
    expect(panels).toContain('Key indicators');
    // Tension, survey and indicators, then the member's plan actions.
    expect((body.match(/class="govuk-grid-column-one-third app-dashboard-panel"/g) ?? []).length).toBe(4);
  });

  it('links the beta banner to a feedback page that answers without signing in', async () => {
    const body = await overview('viewer');
    expect(body).toMatch(/govuk-phase-banner[\s\S]*<a class="govuk-link" href="\/feedback">Give feedback<\/a>/);
    const page = await new Client(t.app).get('/feedback');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Give feedback');
  });

  it('shows viewers the picture but not case work, and partners neither', async () => {
    const viewer = await overview('viewer');
    expect(viewer).toContain('Tension this week');
    expect(viewer).not.toContain('past their response targets');
    expect(viewer).not.toContain('/tensions/events');
    const partner = await overview('partner');
    expect(partner).not.toContain('Tension this week');
  });
});
