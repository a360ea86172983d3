import { afterEach, describe, expect, it } from 'vitest';
import type { RouteTestApp } from '../../../../test/helpers/routes.ts';
import { DomainError } from '../../../kernel/errors.ts';
import {
  agree,
  draft,
  openWave,
  stubServices,
  surveyApp,
  WARDS,
  WAVE_ID,
  wardQuestion,
  type Stubs,
} from '../testing/stubs.ts';

/** The public online survey on stub services: each page, each form's call as the resident, and the 404s. */
describe('survey public routes', () => {
  let r: RouteTestApp | undefined;
  afterEach(() => r?.close());
  const S = `/s/${WAVE_ID}`;
  const Q1 = `${S}/questions/${agree.version_id}`;
  const Q2 = `${S}/questions/${wardQuestion.version_id}`;
  const resident = expect.objectContaining({
    council: expect.objectContaining({ id: openWave.council_id }),
    userId: null,
    via: 'public',
  });

  /** An anonymous visitor who has opened the start page (which gives the CSRF token). */
  const build = async (s: Stubs = stubServices()) => {
    r = await surveyApp(s);
    const start = await r.client.get(S);
    expect(start.statusCode).toBe(200);
    return { s, r, start };
  };

  it('shows the start page with the privacy notice, and starts a draft for a new browser', async () => {
    const s = stubServices();
    s.responding.draft.mockResolvedValue(null);
    const { r, start } = await build(s);
    expect(start.body).toContain('Neighbourhood pulse');
    expect(start.body).toContain('How we use your answers');
    const res = await r.client.post(`${S}/start`);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(Q1);
    expect(s.responding.start).toHaveBeenCalledWith(resident, openWave);
    expect(r.client.cookies.get('co_survey')).toBe('t'.repeat(43));
    expect(res.cookies.find((c) => c.name === 'co_survey')).toMatchObject({ path: S, httpOnly: true });
  });

  it('continues a draft at its first unanswered question, and sends a completed browser to the end', async () => {
    const s = stubServices();
    s.responding.draft.mockResolvedValue(draft({ mixing_ok: 'yes' }));
    const { r } = await build(s);
    expect((await r.client.post(`${S}/start`)).headers.location).toBe(Q2);
    expect(s.responding.start).not.toHaveBeenCalled();
    s.responding.draft.mockResolvedValue(draft({ mixing_ok: 'yes' }, true));
    expect((await r.client.post(`${S}/start`)).headers.location).toBe(`${S}/done`);
    expect((await r.client.get(S)).body).toContain('You have already completed this survey');
    expect((await r.client.get(Q1)).headers.location).toBe(`${S}/done`);
  });

  it('shows one question per page with its choices, the ward question with the wards', async () => {
    const { r } = await build();
    const page = await r.client.get(Q1);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Do people here mix well?');
    expect(page.body).toContain('Yes, they do');
    expect(page.body).toContain('Question 1 of 2');
    const ward = await r.client.get(Q2);
    expect(ward.body).toContain('Abbey');
    expect(ward.body).toContain('value="dont_know"');
    expect(ward.body).toContain('I don’t know');
    expect(ward.body).toContain(`href="${Q1}"`);
  });

  it('stores an answer as the resident and goes to the next question, then the check page', async () => {
    const { s, r } = await build();
    const res = await r.client.post(Q1, { answer: 'yes', action: 'next' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(Q2);
    expect(s.responding.answer).toHaveBeenCalledWith(resident, openWave, draft(), agree, 'yes', WARDS);
    s.responding.draft.mockResolvedValue(draft({ mixing_ok: 'yes' }));
    expect((await r.client.post(Q2, { answer: 'X05000002', action: 'next' })).headers.location).toBe(`${S}/check`);
  });

  it('shows a missing answer, and a control character, in the error summary', async () => {
    const { s, r } = await build();
    s.responding.answer.mockRejectedValueOnce(new DomainError('survey.answer.errors.choose', 'answer'));
    const empty = await r.client.post(Q1, { action: 'next' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('govuk-error-summary');
    expect(empty.body).toContain('Select an answer');
    const calls = s.responding.answer.mock.calls.length;
    const nul = await r.client.post(Q1, { answer: 'yes\u0000', action: 'next' });
    expect(nul.statusCode).toBe(400);
    expect(nul.body).toContain('govuk-error-summary');
    expect(nul.body).toContain('control characters');
    expect(s.responding.answer).toHaveBeenCalledTimes(calls);
  });

  it('saves for later without an answer and shows the resume code and link', async () => {
    const { s, r } = await build();
    const saved = await r.client.post(Q1, { action: 'save' });
    expect(saved.statusCode).toBe(200);
    expect(saved.body).toContain('id="resume-code">ABCD-EFGH-JKLM<');
    expect(saved.body).toContain(`/s/${WAVE_ID}/resume?code=ABCDEFGHJKLM`);
    expect(s.responding.answer).not.toHaveBeenCalled();
    expect(s.responding.saveForLater).toHaveBeenCalledWith(resident, openWave, draft());
  });

  it('resumes with a code (a new cookie), refusing an unknown code and control characters', async () => {
    const { s, r } = await build();
    const page = await r.client.get(`${S}/resume?code=ABCD-EFGH-JKLM`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('value="ABCD-EFGH-JKLM"');
    const nul = await r.client.post(`${S}/resume`, { code: 'ABCD\u0000' });
    expect(nul.statusCode).toBe(400);
    expect(nul.body).toContain('control characters');
    expect(s.responding.resume).not.toHaveBeenCalled();
    s.responding.resume.mockRejectedValueOnce(new DomainError('survey.public.resume.errors.notFound', 'code'));
    const wrong = await r.client.post(`${S}/resume`, { code: 'AAAA-BBBB-CCCC' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('Enter the code you were shown');
    const ok = await r.client.post(`${S}/resume`, { code: 'abcd-efgh-jklm' });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe(Q2);
    expect(s.responding.resume).toHaveBeenLastCalledWith(resident, openWave, 'abcd-efgh-jklm');
    expect(r.client.cookies.get('co_survey')).toBe('u'.repeat(43));
  });

  it('checks the answers with change links, submits once as the resident, and says thank you', async () => {
    const s = stubServices();
    s.responding.draft.mockResolvedValue(draft({ mixing_ok: 'yes', home_ward: 'X05000002' }));
    const { r } = await build(s);
    const check = await r.client.get(`${S}/check`);
    expect(check.statusCode).toBe(200);
    expect(check.body).toContain('Yes, they do');
    expect(check.body).toContain('Bridge');
    expect(check.body).toContain(`href="${Q2}"`);
    const sent = await r.client.post(`${S}/submit`);
    expect(sent.headers.location).toBe(`${S}/done`);
    expect(s.responding.submit).toHaveBeenCalledWith(
      resident,
      openWave,
      draft({ mixing_ok: 'yes', home_ward: 'X05000002' }),
    );
    s.responding.draft.mockResolvedValue(draft({ mixing_ok: 'yes', home_ward: 'X05000002' }, true));
    const done = await r.client.get(`${S}/done`);
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('Your answers have been sent');
    expect((await r.client.post(`${S}/submit`)).headers.location).toBe(`${S}/done`);
    expect(s.responding.submit).toHaveBeenCalledTimes(1);
  });

  it('sends an unfinished draft from the check page and submit to its next question', async () => {
    const { s, r } = await build();
    expect((await r.client.get(`${S}/check`)).headers.location).toBe(Q1);
    expect((await r.client.post(`${S}/submit`)).headers.location).toBe(Q1);
    expect(s.responding.submit).not.toHaveBeenCalled();
    s.responding.draft.mockResolvedValue(null);
    expect((await r.client.get(Q1)).headers.location).toBe(S);
    expect((await r.client.get(`${S}/done`)).headers.location).toBe(S);
  });

  it('is 404 for a malformed id before any service call, an unknown or closed wave, and another wave’s question', async () => {
    const s = stubServices();
    r = await surveyApp(s);
    expect((await r.client.get('/s/not-a-uuid')).statusCode).toBe(404);
    expect((await r.client.get(`${S}/questions/not-a-uuid`)).statusCode).toBe(404);
    expect(s.responding.openWave).not.toHaveBeenCalled();
    expect((await r.client.get('/s/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await r.client.get(`${S}/questions/00000000-0000-4000-8000-000000000000`)).statusCode).toBe(404);
    s.responding.openWave.mockResolvedValue(null);
    expect((await r.client.get(S)).statusCode).toBe(404);
  });
});
