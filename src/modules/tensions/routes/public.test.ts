import { afterEach, describe, expect, it } from 'vitest';
import type { RouteTestApp } from '../../../../test/helpers/routes.ts';
import { DomainError } from '../../../kernel/errors.ts';
import { stubServices, tensionsRouteApp, type Stubs } from '../testing/stubs.ts';

const R = '/report/council-a';
const TOKEN = 'draft-token-0123456789abcdef';
/** Who the public pages act as: a resident of council A, with no account. */
const resident = expect.objectContaining({
  userId: null,
  role: null,
  via: 'public',
  council: expect.objectContaining({ slug: 'council-a' }),
});

const COMPLETE = {
  what: 'Stickers on the bus shelter',
  location: 'Riverside Road',
  happenedOn: '2025-03-10',
  ongoing: 'no',
  motivations: ['race'],
  motivationOther: null,
  cause: null,
  reporterRole: 'witness',
  contact: 'no',
  contactName: null,
  contactEmail: null,
  contactPhone: null,
  contactConsent: false,
};

/** The public reporting journey and the lean JSON endpoint, on stub services. */
describe('tensions public routes', () => {
  let r: RouteTestApp | undefined;
  afterEach(() => r?.close());

  /** An anonymous visitor with a draft holding these answers (and the CSRF token from the start page). */
  const visitor = async (s: Stubs, answers: Record<string, unknown> | null = {}, reference: string | null = null) => {
    if (answers)
      s.intake.draft.mockImplementation(async (_c, token) =>
        token === TOKEN ? s.draft(answers, reference) : undefined,
      );
    r = await tensionsRouteApp(s);
    await r.client.get(R);
    if (answers) r.client.cookies.set('co_tr_draft', TOKEN);
    return r;
  };

  describe('the journey', () => {
    it('shows the start page; 404 for an unknown council, and for a malformed one before any lookup', async () => {
      const s = stubServices();
      r = await visitor(s, null);
      const start = await r.client.get(R);
      expect(start.statusCode).toBe(200);
      expect(start.body).toContain('Council A');
      expect(start.body).toContain('call 999');
      expect((await r.client.get('/report/no-such-council')).statusCode).toBe(404);
      s.intake.publicCouncil.mockClear();
      expect((await r.client.get('/report/Not_A_Slug')).statusCode).toBe(404);
      expect(s.intake.publicCouncil).not.toHaveBeenCalled();
    });

    it('starting sets the draft cookie (HttpOnly, not in the URL) and goes to the first question', async () => {
      const s = stubServices();
      r = await visitor(s, null);
      const res = await r.client.post(`${R}/start`);
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe(`${R}/what`);
      expect(s.intake.startDraft).toHaveBeenCalledWith(resident);
      const cookie = (res.cookies as { name: string; value: string; httpOnly?: boolean }[]).find(
        (c) => c.name === 'co_tr_draft',
      );
      expect(cookie?.httpOnly).toBe(true);
      expect(cookie?.value).toBe(TOKEN);
    });

    it('a question page without a draft goes back to the start', async () => {
      const s = stubServices();
      r = await visitor(s, null);
      const res = await r.client.get(`${R}/what`);
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe(R);
    });

    it('an answer is saved as the resident and the next question follows; a blank one shows the error summary', async () => {
      const s = stubServices();
      r = await visitor(s);
      const page = await r.client.get(`${R}/what`);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('What happened?');
      const blank = await r.client.post(`${R}/what`, { what: '   ' });
      expect(blank.statusCode).toBe(400);
      expect(blank.body).toContain('govuk-error-summary');
      expect(blank.body).toContain('Enter what happened');
      const control = await r.client.post(`${R}/what`, { what: 'Pasted \u0000 text' });
      expect(control.statusCode).toBe(400);
      expect(control.body).toContain('Remove the control characters');
      expect(s.intake.saveAnswers).not.toHaveBeenCalled();
      const ok = await r.client.post(`${R}/what`, { what: 'Shouting\r\nat the bus stop' });
      expect(ok.statusCode).toBe(303);
      expect(ok.headers.location).toBe(`${R}/where`);
      expect(s.intake.saveAnswers).toHaveBeenCalledWith(resident, TOKEN, { what: 'Shouting\nat the bus stop' });
    });

    it('the date page saves the ISO date with the boxes as typed', async () => {
      const s = stubServices();
      r = await visitor(s);
      await r.client.get(`${R}/when`);
      const bad = await r.client.post(`${R}/when`, {
        'happenedOn-day': '31',
        'happenedOn-month': '2',
        'happenedOn-year': '2025',
      });
      expect(bad.statusCode).toBe(400);
      // 31 February is well formed but not a real date: it gets its own message, not the generic one.
      expect(bad.body).toContain('must be a real date');
      const res = await r.client.post(`${R}/when`, {
        'happenedOn-day': '1',
        'happenedOn-month': '3',
        'happenedOn-year': '2025',
      });
      expect(res.headers.location).toBe(`${R}/ongoing`);
      expect(s.intake.saveAnswers).toHaveBeenCalledWith(resident, TOKEN, {
        happenedOn: '2025-03-01',
        'happenedOn-day': '1',
        'happenedOn-month': '3',
        'happenedOn-year': '2025',
      });
    });

    it('after a change the journey returns to the check page', async () => {
      const s = stubServices();
      r = await visitor(s, { ...COMPLETE });
      await r.client.get(`${R}/ongoing?change=1`);
      const res = await r.client.post(`${R}/ongoing?change=1`, { ongoing: 'yes' });
      expect(res.headers.location).toBe(`${R}/check`);
      // Saying yes to contact opens the details page, not yet answered.
      const contact = await r.client.post(`${R}/contact?change=1`, { contact: 'yes' });
      expect(contact.headers.location).toBe(`${R}/details?change=1`);
    });

    it('the check page shows the answers and the ward; a missing answer sends the resident back to it', async () => {
      const s = stubServices();
      r = await visitor(s, { ...COMPLETE });
      const check = await r.client.get(`${R}/check`);
      expect(check.statusCode).toBe(200);
      expect(check.body).toContain('Stickers on the bus shelter');
      expect(check.body).toContain('In Riverside ward');
      expect(check.body).toContain('name="submissionKey" value="submission-key-0001"');
      await r.close();
      r = await visitor(s, { ...COMPLETE, ongoing: undefined });
      const missing = await r.client.get(`${R}/check`);
      expect(missing.headers.location).toBe(`${R}/ongoing`);
    });

    it('sending submits the draft as the resident once, then shows the confirmation', async () => {
      const s = stubServices();
      r = await visitor(s, { ...COMPLETE });
      await r.client.get(`${R}/check`);
      const trap = await r.client.post(`${R}/check`, { submissionKey: 'submission-key-0001', website: 'spam' });
      expect(trap.statusCode).toBe(400);
      const stale = await r.client.post(`${R}/check`, { submissionKey: 'another-key' });
      expect(stale.headers.location).toBe(`${R}/check`);
      expect(s.intake.submitDraft).not.toHaveBeenCalled();
      const sent = await r.client.post(`${R}/check`, { submissionKey: 'submission-key-0001', website: '' });
      expect(sent.statusCode).toBe(303);
      expect(sent.headers.location).toBe(`${R}/confirmation`);
      expect(s.intake.submitDraft).toHaveBeenCalledWith(
        resident,
        TOKEN,
        expect.objectContaining({ what: 'Stickers on the bus shelter', contact: 'no' }),
        'submission-key-0001',
        'en',
      );
      await r.close();
      r = await visitor(s, {}, 'TR-ABCD-EFGH');
      const confirmation = await r.client.get(`${R}/confirmation`);
      expect(confirmation.body).toContain('TR-ABCD-EFGH');
      // A repeated send finds the draft already submitted: the same confirmation, nothing sent again.
      const again = await r.client.post(`${R}/check`, { submissionKey: 'submission-key-0001' });
      expect(again.headers.location).toBe(`${R}/confirmation`);
      expect(s.intake.submitDraft).toHaveBeenCalledTimes(1);
    });

    it("shows the service's refusal on the check page", async () => {
      const s = stubServices();
      s.intake.submitDraft.mockRejectedValueOnce(new DomainError('tensions.report.errors.notStored', 'form'));
      r = await visitor(s, { ...COMPLETE });
      await r.client.get(`${R}/check`);
      const res = await r.client.post(`${R}/check`, { submissionKey: 'submission-key-0001' });
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('govuk-error-summary');
      expect(res.body).toContain('Your report could not be stored');
    });
  });

  describe('the lean JSON endpoint', () => {
    const body = {
      what: 'Shouting (lean)',
      location: 'Hilltop',
      happenedOn: '2025-03-10',
      ongoing: 'no',
      motivations: ['race', 'religion'],
      reporterRole: 'victim',
      contact: 'no',
      idempotencyKey: 'lean-key-0000000001',
    };
    const send = (app: RouteTestApp, payload: unknown, url = `${R}/submit`, csrf = app.client.csrf) =>
      app.app.inject({
        method: 'POST',
        url,
        payload: payload as object,
        headers: { 'x-csrf-token': csrf, cookie: [...app.client.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
      });

    it('stores a report as the resident: 201 with the reference, 200 for a repeated key', async () => {
      const s = stubServices();
      r = await visitor(s, null);
      const res = await send(r, body);
      expect(res.statusCode).toBe(201);
      expect(res.json()).toEqual({ reference: 'TR-ABCD-EFGH', duplicate: false });
      expect(s.intake.submit).toHaveBeenCalledWith(
        resident,
        expect.objectContaining({ what: 'Shouting (lean)', motivations: ['race', 'religion'] }),
        'lean-key-0000000001',
      );
      s.intake.submit.mockResolvedValueOnce({ id: 'x', reference: 'TR-ABCD-EFGH', duplicate: true });
      expect((await send(r, body)).statusCode).toBe(200);
    });

    it('answers bad input with JSON field errors and calls nothing', async () => {
      const s = stubServices();
      r = await visitor(s, null);
      const bad = await send(r, { ...body, motivations: [], what: 'A NUL \u0000 in the account' });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().errors).toEqual({
        what: 'tensions.report.errors.unsafeCharacters',
        motivations: 'tensions.report.errors.motivationRequired',
      });
      expect((await send(r, { ...body, idempotencyKey: 'short' })).json()).toEqual({
        errors: { idempotencyKey: 'invalid' },
      });
      expect((await send(r, { ...body, website: 'http://spam.example' })).statusCode).toBe(400);
      expect(s.intake.submit).not.toHaveBeenCalled();
    });

    it('answers JSON for every failure: a refused report, a fault, a bad token, an unknown council', async () => {
      const s = stubServices();
      s.intake.submit.mockRejectedValueOnce(new DomainError('tensions.report.errors.notStored', 'form'));
      s.intake.submit.mockRejectedValueOnce(new Error('connection terminated (secret detail)'));
      r = await visitor(s, null);
      const refused = await send(r, body);
      expect(refused.statusCode).toBe(400);
      expect(refused.json()).toEqual({ errors: { form: 'tensions.report.errors.notStored' } });
      const fault = await send(r, body);
      expect(fault.statusCode).toBe(500);
      expect(fault.headers['content-type']).toContain('application/json');
      expect(fault.json()).toEqual({ error: expect.stringContaining('Try again later'), status: 500 });
      expect(fault.body).not.toContain('secret detail');
      const csrf = await send(r, body, `${R}/submit`, 'wrong');
      expect(csrf.statusCode).toBe(403);
      expect(csrf.json()).toEqual({ error: expect.stringContaining('This form has expired'), status: 403 });
      const unknown = await send(r, body, '/report/no-such-council/submit');
      expect(unknown.statusCode).toBe(404);
      expect(unknown.headers['content-type']).toContain('application/json');
      const malformed = await send(r, body, '/report/Not_A_Slug/submit');
      expect(malformed.statusCode).toBe(404);
      expect(malformed.headers['content-type']).toContain('application/json');
      expect(s.intake.submit).toHaveBeenCalledTimes(2);
    });
  });
});
