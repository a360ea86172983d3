import { afterEach, describe, expect, it } from 'vitest';
import type { RouteTestApp } from '../../../../test/helpers/routes.ts';
import { TEST_COUNCIL } from '../../../../test/helpers/routes.ts';
import { DomainError } from '../../../kernel/errors.ts';
import { IDS, WEEK, byMember, stubServices, tensionsRouteApp } from '../testing/stubs.ts';
import { pdfText } from '../../../lib/pdf-testing.ts';

const T = '/c/council-a/tensions';
const council = expect.objectContaining({ id: TEST_COUNCIL.id, slug: 'council-a' });

/** The staff pages other than cases, on stub services: what each shows and which call each form makes. */
describe('tensions staff routes', () => {
  let r: RouteTestApp | undefined;
  afterEach(() => r?.close());

  describe('the picture and wards', () => {
    it('shows the picture the service returned, for the week asked (or this week)', async () => {
      const s = stubServices();
      r = await tensionsRouteApp(s, 'officer');
      const res = await r.client.get(`${T}?week=2025-W09`);
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('Riverside');
      expect(res.body).toContain('March in the town centre (stub event)');
      expect(res.body).toContain('/tensions/cases?overdue=1');
      expect(s.assessment.picture).toHaveBeenCalledWith(council, '2025-W09');
      await r.client.get(`${T}?week=not-a-week`);
      expect(s.assessment.picture).toHaveBeenLastCalledWith(council, WEEK);
    });

    it('sends partners on to their cases and refuses roles with neither picture nor cases', async () => {
      const s = stubServices();
      r = await tensionsRouteApp(s, 'partner');
      const res = await r.client.get(T);
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe(`${T}/cases`);
      expect(s.assessment.picture).not.toHaveBeenCalled();
    });

    it("shows a ward's page, and 404 for a malformed or unknown ward code before any level is read", async () => {
      const s = stubServices();
      r = await tensionsRouteApp(s, 'viewer');
      const res = await r.client.get(`${T}/wards/X05000001`);
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('Riverside');
      expect(s.assessment.trend).toHaveBeenCalledWith(council, WEEK, 12, 'X05000001');
      s.assessment.trend.mockClear();
      expect((await r.client.get(`${T}/wards/x5`)).statusCode).toBe(404);
      expect((await r.client.get(`${T}/wards/X05000099`)).statusCode).toBe(404);
      expect(s.assessment.trend).not.toHaveBeenCalled();
    });

    it('an override calls the service with the actor; a short rationale shows the error summary; viewers get 403', async () => {
      const s = stubServices();
      r = await tensionsRouteApp(s, 'officer');
      await r.client.get(`${T}/wards/X05000001`);
      const short = await r.client.post(`${T}/wards/X05000001/override`, {
        level: '5',
        rationale: 'short',
        week: WEEK,
      });
      expect(short.statusCode).toBe(400);
      expect(short.body).toContain('govuk-error-summary');
      expect(s.assessment.override).not.toHaveBeenCalled();
      const ok = await r.client.post(`${T}/wards/X05000001/override`, {
        level: 'none',
        rationale: 'Back to the computed level',
        week: WEEK,
      });
      expect(ok.statusCode).toBe(303);
      expect(ok.headers.location).toBe(`${T}/wards/X05000001`);
      expect(s.assessment.override).toHaveBeenCalledWith(
        byMember('officer'),
        'X05000001',
        WEEK,
        null,
        'Back to the computed level',
      );
      s.assessment.override.mockRejectedValueOnce(new DomainError('tensions.errors.weekInvalid', 'week'));
      const rule = await r.client.post(`${T}/wards/X05000001/override`, {
        level: '4',
        rationale: 'Police intelligence (stub)',
        week: WEEK,
      });
      expect(rule.statusCode).toBe(400);
      expect(rule.body).toContain('The week is not valid');
      await r.close();
      r = await tensionsRouteApp(s, 'viewer');
      await r.client.get(`${T}/wards/X05000001`);
      const res = await r.client.post(`${T}/wards/X05000001/override`, {
        level: '5',
        rationale: 'x'.repeat(20),
        week: WEEK,
      });
      expect(res.statusCode).toBe(403);
      expect(s.assessment.override).toHaveBeenCalledTimes(2);
    });
  });

  describe('assisted reporting', () => {
    const form = (key: string) => ({
      idempotencyKey: key,
      reportingCentre: 'Library (stub)',
      what: 'Abuse at the library (stub)',
      location: 'Riverside library',
      'happenedOn-day': '10',
      'happenedOn-month': '3',
      'happenedOn-year': '2025',
      ongoing: 'no',
      motivations: 'disability',
      reporterRole: 'victim',
      contact: 'no',
    });

    it('records a report for someone with the key from the form, and shows the reference', async () => {
      const s = stubServices();
      r = await tensionsRouteApp(s, 'partner');
      const page = await r.client.get(`${T}/assisted`);
      expect(page.statusCode).toBe(200);
      const key = /name="idempotencyKey" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
      const res = await r.client.post(`${T}/assisted`, form(key));
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('TR-ASST-KEYS');
      expect(s.intake.submitAssisted).toHaveBeenCalledWith(
        byMember('partner'),
        expect.objectContaining({
          what: 'Abuse at the library (stub)',
          happenedOn: '2025-03-10',
          motivations: ['disability'],
        }),
        key,
        'Library (stub)',
      );
    });

    it('shows every problem at once, keeps the key, and stores nothing', async () => {
      const s = stubServices();
      r = await tensionsRouteApp(s, 'officer');
      await r.client.get(`${T}/assisted`);
      const res = await r.client.post(`${T}/assisted`, {
        ...form('assisted-key-000000001'),
        reportingCentre: '',
        what: '',
        'happenedOn-day': 'x',
      });
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('Enter the reporting centre');
      expect(res.body).toContain('Enter what happened');
      expect(res.body).toContain('href="#happenedOn-day"');
      expect(res.body).toContain('value="assisted-key-000000001"');
      expect(s.intake.submitAssisted).not.toHaveBeenCalled();
    });

    it("shows the service's refusal on the form, 404 when the council has turned it off, 403 for viewers", async () => {
      const s = stubServices();
      s.intake.submitAssisted.mockRejectedValueOnce(new DomainError('tensions.report.errors.notStored', 'form'));
      r = await tensionsRouteApp(s, 'officer');
      await r.client.get(`${T}/assisted`);
      const refused = await r.client.post(`${T}/assisted`, form('assisted-key-000000002'));
      expect(refused.statusCode).toBe(400);
      expect(refused.body).toContain('Your report could not be stored');
      s.settings.get.mockResolvedValue({ ...(await s.settings.get()), assisted_reporting: false });
      expect((await r.client.post(`${T}/assisted`, form('assisted-key-000000003'))).statusCode).toBe(404);
      await r.close();
      r = await tensionsRouteApp(s, 'viewer');
      expect((await r.client.get(`${T}/assisted`)).statusCode).toBe(403);
      expect(s.intake.submitAssisted).toHaveBeenCalledTimes(1);
    });
  });

  describe('intelligence', () => {
    const entry = {
      sourceType: 'police',
      grading: 'evidenced',
      category: 'far_right_extremism',
      wardCode: 'X05000001',
      summary: 'Leaflets (stub)',
      confidence: 'high',
      sensitivity: 'official',
      handling: 'all_partners',
      severity: '2',
      observedOn: '2025-03-11',
    };

    it('lists and shows entries, 404 for a malformed or hidden id', async () => {
      const s = stubServices();
      r = await tensionsRouteApp(s, 'partner');
      const list = await r.client.get(`${T}/intelligence?page=3`);
      expect(list.statusCode).toBe(200);
      expect(list.body).toContain(`${T}/intelligence/${IDS.intelligence}`);
      expect(s.intelligence.list).toHaveBeenCalledWith(byMember('partner'), 3, 25, {});
      const one = await r.client.get(`${T}/intelligence/${IDS.intelligence}`);
      expect(one.statusCode).toBe(200);
      expect(one.body).toContain('Leaflets from a far-right group (stub summary)');
      expect((await r.client.get(`${T}/intelligence/${IDS.event}`)).statusCode).toBe(404);
      s.intelligence.entry.mockClear();
      expect((await r.client.get(`${T}/intelligence/nope`)).statusCode).toBe(404);
      expect(s.intelligence.entry).not.toHaveBeenCalled();
    });

    it('records an entry as the actor and goes to it; a bad form or a rule failure shows on the form', async () => {
      const s = stubServices();
      r = await tensionsRouteApp(s, 'officer');
      const page = await r.client.get(`${T}/intelligence/new`);
      expect(page.body).toContain('value="2025-03-12"');
      const ok = await r.client.post(`${T}/intelligence/new`, entry);
      expect(ok.statusCode).toBe(303);
      expect(ok.headers.location).toBe(`${T}/intelligence/${IDS.intelligence}`);
      expect(s.intelligence.record).toHaveBeenCalledWith(
        byMember('officer'),
        expect.objectContaining({ summary: 'Leaflets (stub)', severity: 2, sharedWith: [] }),
      );
      const named = await r.client.post(`${T}/intelligence/new`, { ...entry, handling: 'named_organisations' });
      expect(named.statusCode).toBe(400);
      expect(named.body).toContain('Select the organisations that may see it');
      s.intelligence.record.mockRejectedValueOnce(new DomainError('tensions.cases.errors.unknownWard', 'wardCode'));
      const ward = await r.client.post(`${T}/intelligence/new`, entry);
      expect(ward.statusCode).toBe(400);
      expect(ward.body).toContain('Select a ward from the list');
      expect(s.intelligence.record).toHaveBeenCalledTimes(2);
    });

    it('refuses viewers with 403', async () => {
      const s = stubServices();
      r = await tensionsRouteApp(s, 'viewer');
      expect((await r.client.get(`${T}/intelligence`)).statusCode).toBe(403);
      expect(s.intelligence.list).not.toHaveBeenCalled();
    });
  });

  describe('trigger events', () => {
    const eventUrl = `${T}/events/${IDS.event}`;

    it('lists, declares and shows events', async () => {
      const s = stubServices();
      r = await tensionsRouteApp(s, 'officer');
      expect((await r.client.get(`${T}/events`)).body).toContain('March in the town centre (stub event)');
      await r.client.get(`${T}/events/new`);
      const declared = await r.client.post(`${T}/events/new`, {
        title: 'Vigil (stub)',
        scope: 'local',
        description: '',
        wardCodes: 'X05000002',
      });
      expect(declared.statusCode).toBe(303);
      expect(declared.headers.location).toBe(eventUrl);
      expect(s.events.declare).toHaveBeenCalledWith(byMember('officer'), {
        title: 'Vigil (stub)',
        scope: 'local',
        description: '',
        wardCodes: ['X05000002'],
      });
      const page = await r.client.get(eventUrl);
      expect(page.body).toContain('The hotel will house 500 men (stub rumour)');
      expect(page.body).toContain('Meet faith leaders (stub action)');
      const impact = await r.client.get(`${eventUrl}/impact`);
      expect(impact.body).toContain('Announced online (stub impact)');
    });

    it('every action on an event calls the service with the actor and goes back to the event', async () => {
      const s = stubServices();
      r = await tensionsRouteApp(s, 'officer');
      await r.client.get(eventUrl);
      const post = (path: string, form: Record<string, string>) => r?.client.post(`${eventUrl}/${path}`, form);
      const rumour = {
        rumour: 'A rumour',
        heardOn: 'Messaging',
        counterMessage: '',
        counterChannel: '',
        status: 'open',
      };
      expect((await post('rumours', rumour))?.headers.location).toBe(eventUrl);
      expect(s.events.addRumour).toHaveBeenCalledWith(byMember('officer'), IDS.event, rumour);
      expect((await post('actions', { action: 'Visit', owner: 'Team', dueOn: '' }))?.statusCode).toBe(303);
      expect(s.events.addAction).toHaveBeenCalledWith(byMember('officer'), IDS.event, {
        action: 'Visit',
        owner: 'Team',
        dueOn: null,
      });
      expect((await post(`actions/${IDS.action}/done`, {}))?.statusCode).toBe(303);
      expect(s.events.completeAction).toHaveBeenCalledWith(byMember('officer'), IDS.event, IDS.action);
      expect((await post('impact', { background: 'Updated background' }))?.statusCode).toBe(303);
      expect(s.events.saveImpact).toHaveBeenCalledWith(
        byMember('officer'),
        IDS.event,
        expect.objectContaining({ background: 'Updated background', risks: '' }),
      );
      expect((await post('close', { reason: 'Passed peacefully' }))?.statusCode).toBe(303);
      expect(s.events.close).toHaveBeenCalledWith(byMember('officer'), IDS.event, 'Passed peacefully');
    });

    it('bad input, a rule failure and bad ids', async () => {
      const s = stubServices();
      s.events.close.mockRejectedValueOnce(new DomainError('tensions.events.errors.alreadyClosed', 'reason'));
      r = await tensionsRouteApp(s, 'officer');
      await r.client.get(eventUrl);
      const blank = await r.client.post(`${eventUrl}/close`, { reason: '' });
      expect(blank.statusCode).toBe(400);
      expect(blank.body).toContain('Enter a reason');
      const closed = await r.client.post(`${eventUrl}/close`, { reason: 'Again' });
      expect(closed.statusCode).toBe(400);
      expect(closed.body).toContain('This event is already closed');
      const title = await r.client.post(`${T}/events/new`, { title: 'x', scope: 'local' });
      expect(title.statusCode).toBe(400);
      expect(s.events.declare).not.toHaveBeenCalled();
      s.events.event.mockClear();
      expect((await r.client.get(`${T}/events/not-an-id`)).statusCode).toBe(404);
      expect((await r.client.post(`${eventUrl}/actions/not-an-id/done`, {})).statusCode).toBe(404);
      expect(s.events.event).not.toHaveBeenCalled();
      expect(s.events.completeAction).not.toHaveBeenCalled();
      expect((await r.client.get(`${T}/events/${IDS.case}`)).statusCode).toBe(404);
    });

    it('refuses partners with 403', async () => {
      const s = stubServices();
      r = await tensionsRouteApp(s, 'partner');
      expect((await r.client.get(`${T}/events`)).statusCode).toBe(403);
      expect(s.events.list).not.toHaveBeenCalled();
    });
  });

  describe('reports and export', () => {
    it('lists weeks and quarters, and renders the weekly and quarterly reports in HTML and PDF', async () => {
      const s = stubServices();
      r = await tensionsRouteApp(s, 'analyst');
      const index = await r.client.get(`${T}/reports`);
      expect(index.body).toContain(`weekly?week=${WEEK}`);
      expect(index.body).toContain('quarterly?quarter=2025-Q1');
      expect(index.body).not.toContain('reports/export');
      const weekly = await r.client.get(`${T}/reports/weekly?week=2025-W10`);
      expect(weekly.statusCode).toBe(200);
      expect(weekly.body).toContain('fewer than 5');
      // The intelligence table's total names intelligence, as the PDF does.
      const intelligenceTable = weekly.body.slice(weekly.body.indexOf('Intelligence by grading'));
      expect(intelligenceTable).toContain('All intelligence');
      expect(intelligenceTable.slice(0, intelligenceTable.indexOf('</table>'))).not.toContain('All reports');
      expect(s.reports.weekly).toHaveBeenCalledWith(council, '2025-W10');
      await r.client.get(`${T}/reports/weekly`);
      expect(s.reports.weekly).toHaveBeenLastCalledWith(council, '2025-W10');
      const pdf = await r.client.get(`${T}/reports/weekly?week=2025-W10&format=pdf`);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
      const quarterly = await r.client.get(`${T}/reports/quarterly?quarter=2024-Q4`);
      expect(quarterly.statusCode).toBe(200);
      expect(quarterly.body).toContain('October 2024');
      await r.client.get(`${T}/reports/quarterly?quarter=2024-Q9`);
      expect(s.reports.quarterly).toHaveBeenLastCalledWith(council, '2024-Q4');
      const qpdf = await r.client.get(`${T}/reports/quarterly?quarter=2024-Q4&format=pdf`);
      expect(qpdf.headers['content-type']).toBe('application/pdf');
      const english = pdfText(qpdf.rawPayload).text;
      expect(english).toContain('October 2024');
      expect(english).toContain('How these figures are worked out: http://localhost:3000/methods/tensions');
      expect(english).not.toContain('docs/methods');
      expect(english).not.toContain('((');

      // In Welsh: the catalogue's Welsh, Welsh month names, in an embedded Unicode font (never a standard one).
      r.client.cookies.set('co_lang', 'cy');
      const welshPage = await r.client.get(`${T}/reports/quarterly?quarter=2024-Q4`);
      expect(welshPage.body).toContain('Hydref 2024');
      expect(welshPage.body).toContain('href="/methods/tensions"');
      const cy = pdfText((await r.client.get(`${T}/reports/quarterly?quarter=2024-Q4&format=pdf`)).rawPayload);
      expect(cy.text).toContain('Adroddiad chwarterol ar ddigwyddiadau casineb');
      expect(cy.text).toContain('Hydref 2024');
      expect(cy.text).not.toContain('October');
      for (const f of cy.fonts) expect(f).toMatch(/\+DejaVuSans/);
    });

    it('exports cases as CSV for officers, with the dates asked; 403 for analysts', async () => {
      const s = stubServices();
      r = await tensionsRouteApp(s, 'officer');
      const csv = await r.client.get(`${T}/reports/export?from=2025-01-01&to=2025-01-31`);
      expect(csv.headers['content-type']).toContain('text/csv');
      expect(csv.body).toContain('TR-ABCD-EFGH');
      expect(s.reports.exportCases).toHaveBeenCalledWith(
        byMember('officer'),
        new Date('2025-01-01T00:00:00Z'),
        new Date('2025-02-01T00:00:00Z'),
      );
      await r.close();
      r = await tensionsRouteApp(s, 'analyst');
      expect((await r.client.get(`${T}/reports/export`)).statusCode).toBe(403);
      expect(s.reports.exportCases).toHaveBeenCalledTimes(1);
    });
  });

  describe('settings', () => {
    const settings = {
      contact_hours: '48',
      senior_contact_days: '5',
      alert_level: '4',
      heightened_alert_level: '3',
      suppression_threshold: '5',
      retention_months: '24',
      monitoring_group: 'a@a.test, b@a.test',
      assisted_reporting: 'no',
    };

    it('shows and saves the settings as the administrator', async () => {
      const s = stubServices();
      r = await tensionsRouteApp(s, 'administrator');
      const page = await r.client.get(`${T}/settings`);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('value="24"');
      const res = await r.client.post(`${T}/settings`, settings);
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe(`${T}/settings?saved=1`);
      expect(s.settings.save).toHaveBeenCalledWith(byMember('administrator'), {
        contact_hours: 48,
        senior_contact_days: 5,
        alert_level: 4,
        heightened_alert_level: 3,
        suppression_threshold: 5,
        retention_months: 24,
        monitoring_group: 'a@a.test, b@a.test',
        assisted_reporting: false,
      });
    });

    it('shows the error summary for bad settings, and 403 for officers', async () => {
      const s = stubServices();
      r = await tensionsRouteApp(s, 'administrator');
      await r.client.get(`${T}/settings`);
      const bad = await r.client.post(`${T}/settings`, { ...settings, contact_hours: '0', monitoring_group: 'nope' });
      expect(bad.statusCode).toBe(400);
      expect(bad.body).toContain('Enter a whole number of hours from 1 to 720');
      expect(bad.body).toContain('Enter email addresses separated by commas');
      expect(s.settings.save).not.toHaveBeenCalled();
      await r.close();
      r = await tensionsRouteApp(s, 'officer');
      expect((await r.client.get(`${T}/settings`)).statusCode).toBe(403);
    });
  });
});
