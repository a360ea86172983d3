import { afterEach, describe, expect, it } from 'vitest';
import type { RouteTestApp } from '../../../../test/helpers/routes.ts';
import { DomainError } from '../../../kernel/errors.ts';
import { IDS, WARDS, byMember, stubServices, tensionsRouteApp } from '../testing/stubs.ts';

/** The case list, the case page and every case action, on stub services. */
describe('tensions case routes', () => {
  let r: RouteTestApp | undefined;
  afterEach(() => r?.close());

  const caseUrl = `/c/council-a/tensions/cases/${IDS.case}`;

  it('lists the cases the service returns, with the filters passed on', async () => {
    const s = stubServices();
    r = await tensionsRouteApp(s, 'officer');
    const res = await r.client.get('/c/council-a/tensions/cases?status=assigned&overdue=1&page=2');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('TR-ABCD-EFGH');
    expect(res.body).toContain(`/c/council-a/tensions/cases/${IDS.case}`);
    expect(s.cases.list).toHaveBeenCalledWith(byMember('officer'), { status: 'assigned', overdue: true }, 2, 25);
    // An unknown status is ignored rather than an error.
    await r.client.get('/c/council-a/tensions/cases?status=nonsense');
    expect(s.cases.list).toHaveBeenLastCalledWith(byMember('officer'), { status: undefined, overdue: false }, 1, 25);
  });

  it('passes the search and every filter to the service, keeps them in the form, and ignores malformed ones', async () => {
    const s = stubServices();
    r = await tensionsRouteApp(s, 'officer');
    const res = await r.client.get(
      `/c/council-a/tensions/cases?q=7k3m&ward=${WARDS[0].code}&motivation=religion&assignee=none&from=2026-01-01&to=2026-02-01`,
    );
    expect(res.statusCode).toBe(200);
    expect(s.cases.list).toHaveBeenLastCalledWith(
      byMember('officer'),
      {
        reference: '7k3m',
        ward: WARDS[0].code,
        motivation: 'religion',
        assignee: 'none',
        from: '2026-01-01',
        to: '2026-02-01',
        overdue: false,
      },
      1,
      25,
    );
    expect(res.body).toContain('value="7k3m"');
    expect(res.body).toMatch(/<option value="religion" selected>/);
    expect(res.body).toContain('Clear filters');
    await r.client.get('/c/council-a/tensions/cases?ward=nowhere&motivation=x&assignee=me&from=31/2/2026');
    expect(s.cases.list).toHaveBeenLastCalledWith(byMember('officer'), { overdue: false }, 1, 25);
  });

  it('passes the intelligence search and filters to the service', async () => {
    const s = stubServices();
    r = await tensionsRouteApp(s, 'officer');
    const res = await r.client.get(
      '/c/council-a/tensions/intelligence?q=protest&ward=none&category=race&from=2026-01-01',
    );
    expect(res.statusCode).toBe(200);
    expect(s.intelligence.list).toHaveBeenLastCalledWith(byMember('officer'), 1, 25, {
      q: 'protest',
      ward: 'none',
      category: 'race',
      from: '2026-01-01',
    });
  });

  it('shows free text exactly as written: no template whitespace inside the pre-wrap element', async () => {
    const s = stubServices();
    const view = await s.cases.view(byMember('officer'), IDS.case);
    if (!view) throw new Error('stub case missing');
    s.cases.view.mockResolvedValueOnce({
      ...view,
      report: { ...view.report, what_happened: '  Line one\nLine two\n', cause: null },
    });
    r = await tensionsRouteApp(s, 'officer');
    const res = await r.client.get(caseUrl);
    // The summary list macro indents each line of its html, so line breaks are <br> and the text has no newline.
    expect(res.body).toContain('<span class="app-tensions-prewrap">Line one<br>Line two</span>');
    expect(res.body).toContain('<span class="app-tensions-prewrap">–</span>');
    expect(res.body).toContain('<p class="govuk-body app-tensions-prewrap">Spoke to the reporter (stub note)</p>');
    expect(res.body).not.toMatch(/class="[^"]*app-tensions-prewrap[^"]*">\s/);
  });

  it('sets no response targets for an anonymous report', async () => {
    const s = stubServices();
    const view = await s.cases.view(byMember('officer'), IDS.case);
    if (!view) throw new Error('stub case missing');
    s.cases.view.mockResolvedValueOnce({
      ...view,
      report: { ...view.report, contact_consent: false, contact_name: null, contact_email: null, contact_phone: null },
    });
    r = await tensionsRouteApp(s, 'officer');
    const res = await r.client.get(caseUrl);
    expect(res.body).not.toContain('Due by');
    expect(res.body).not.toContain('Record senior contact');
    expect(res.body.match(/Not applicable – no consent to contact/g)?.length).toBe(2);
  });

  it('shows a case page with what the service returned', async () => {
    const s = stubServices();
    r = await tensionsRouteApp(s, 'officer');
    const res = await r.client.get(caseUrl);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Stickers on the bus shelter (stub account)');
    expect(res.body).toContain('pat@example.com');
    expect(res.body).toContain('Spoke to the reporter (stub note)');
    expect(res.body).toContain('A Police');
    expect(s.cases.view).toHaveBeenCalledWith(byMember('officer'), IDS.case);
  });

  it('answers 404 for a malformed case id before any service call, and for a case the service does not show', async () => {
    const s = stubServices();
    r = await tensionsRouteApp(s, 'officer');
    expect((await r.client.get('/c/council-a/tensions/cases/not-a-uuid')).statusCode).toBe(404);
    await r.client.get(caseUrl);
    expect((await r.client.post('/c/council-a/tensions/cases/not-a-uuid/notes', { note: 'x' })).statusCode).toBe(404);
    expect(s.cases.find).not.toHaveBeenCalled();
    s.cases.view.mockClear();
    expect((await r.client.get(`/c/council-a/tensions/cases/${IDS.otherCase}`)).statusCode).toBe(404);
    expect((await r.client.post(`/c/council-a/tensions/cases/${IDS.otherCase}/notes`, { note: 'x' })).statusCode).toBe(
      404,
    );
    expect(s.triage.addNote).not.toHaveBeenCalled();
  });

  const actions: [string, Record<string, string>, keyof ReturnType<typeof stubServices>['triage'], unknown[]][] = [
    ['status', { status: 'triaged', statusReason: 'Checked (stub)' }, 'changeStatus', ['triaged', 'Checked (stub)']],
    [
      'assign',
      { organisationId: IDS.organisation, assignReason: 'Police to visit' },
      'assign',
      [IDS.organisation, 'Police to visit'],
    ],
    ['share', { shareOrganisationId: IDS.organisation }, 'share', [IDS.organisation]],
    ['classify', { wardCode: 'X05000002', severity: '3' }, 'classify', ['X05000002', 3]],
    ['contact', { kind: 'first' }, 'recordContact', ['first']],
    ['notes', { note: 'Visited (stub)' }, 'addNote', ['Visited (stub)']],
    ['link', { reference: 'tr-wxyz-2345' }, 'link', ['TR-WXYZ-2345']],
    [
      'redact',
      { parts: 'contact', redactReason: 'Asked us to (stub)' },
      'redact',
      [{ contact: true, text: false }, 'Asked us to (stub)'],
    ],
  ];

  it.each(actions)(
    'POST %s calls the service with the actor and goes back to the case, which confirms it in a banner',
    async (path, form, fn, args) => {
      const s = stubServices();
      r = await tensionsRouteApp(s, 'officer');
      await r.client.get(caseUrl);
      const res = await r.client.post(`${caseUrl}/${path}`, form);
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe(`${caseUrl}?done=${path}`);
      expect(s.triage[fn]).toHaveBeenCalledWith(byMember('officer'), IDS.case, ...args);
      const page = await r.client.get(`${caseUrl}?done=${path}`);
      expect(page.body).toContain('govuk-notification-banner--success');
      expect(page.body).not.toContain('tensions.caseDone.');
    },
  );

  it('shows the error summary for a bad form and calls nothing', async () => {
    const s = stubServices();
    r = await tensionsRouteApp(s, 'officer');
    await r.client.get(caseUrl);
    const blank = await r.client.post(`${caseUrl}/status`, { status: 'triaged', statusReason: '' });
    expect(blank.statusCode).toBe(400);
    expect(blank.body).toContain('govuk-error-summary');
    expect(blank.body).toContain('Enter a reason');
    const badRef = await r.client.post(`${caseUrl}/link`, { reference: 'not a reference' });
    expect(badRef.statusCode).toBe(400);
    expect(badRef.body).toContain('Enter a reference in the format TR-7K3M-9QXD');
    const control = await r.client.post(`${caseUrl}/notes`, { note: 'Pasted \u0007 bell' });
    expect(control.statusCode).toBe(400);
    expect(control.body).toContain('Remove the control characters');
    expect(s.triage.changeStatus).not.toHaveBeenCalled();
    expect(s.triage.link).not.toHaveBeenCalled();
    expect(s.triage.addNote).not.toHaveBeenCalled();
  });

  it("shows a service's rule failure on its field", async () => {
    const s = stubServices();
    s.triage.changeStatus.mockRejectedValueOnce(new DomainError('tensions.cases.errors.badTransition', 'status'));
    s.triage.classify.mockRejectedValueOnce(new DomainError('tensions.cases.errors.unknownWard', 'wardCode'));
    r = await tensionsRouteApp(s, 'officer');
    await r.client.get(caseUrl);
    const res = await r.client.post(`${caseUrl}/status`, { status: 'closed', statusReason: 'Done (stub)' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('The case cannot move to that status from its current status');
    expect(res.body).toContain('href="#status"');
    const ward = await r.client.post(`${caseUrl}/classify`, { wardCode: WARDS[0].code, severity: '2' });
    expect(ward.statusCode).toBe(400);
    expect(ward.body).toContain('href="#wardCode"');
  });

  it('refuses roles without the permission with 403, before any service call', async () => {
    const s = stubServices();
    r = await tensionsRouteApp(s, 'viewer');
    expect((await r.client.get('/c/council-a/tensions/cases')).statusCode).toBe(403);
    expect((await r.client.get(caseUrl)).statusCode).toBe(403);
    expect(s.cases.list).not.toHaveBeenCalled();
    expect(s.cases.view).not.toHaveBeenCalled();
    await r.close();
    // A partner may add notes but not triage.
    r = await tensionsRouteApp(s, 'partner');
    await r.client.get(caseUrl);
    expect((await r.client.post(`${caseUrl}/status`, { status: 'closed', statusReason: 'no' })).statusCode).toBe(403);
    expect(s.triage.changeStatus).not.toHaveBeenCalled();
    expect((await r.client.post(`${caseUrl}/notes`, { note: 'Visited' })).statusCode).toBe(303);
    expect(s.triage.addNote).toHaveBeenCalledWith(byMember('partner'), IDS.case, 'Visited');
  });
});
