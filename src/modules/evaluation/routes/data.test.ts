/**
 * Route tests (stub services, no database) for the outcome data page's changes: each one that succeeds answers
 * 303 to the data page (Post/Redirect/Get), which then shows a GOV.UK notification banner saying what was done,
 * with its counts; one that is refused re-renders the page with the error summary (400).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { routeTestApp, TEST_COUNCIL, type RouteTestApp } from '../../../../test/helpers/routes.ts';
import { DomainError } from '../../../kernel/errors.ts';
import type { EvaluationRow } from '../model.ts';
import type { EvaluationServices } from '../services/index.ts';
import { evaluationRoutes } from './index.ts';

const ID = '00000000-0000-4000-8000-0000000000e2';
const SURVEY = '00000000-0000-4000-8000-0000000000b1';
const BEFORE = '00000000-0000-4000-8000-0000000000b2';
const AFTER = '00000000-0000-4000-8000-0000000000b3';
const base = `/c/${TEST_COUNCIL.slug}/evaluations/${ID}`;

const evaluation: EvaluationRow = {
  id: ID,
  council_id: TEST_COUNCIL.id,
  title: 'Walking group',
  summary: '',
  design: 'pre-post',
  outcome_code: 'life_satisfaction',
  status: 'planning',
  links: [],
  theory: {},
  plan: { participantWaves: { surveyId: SURVEY, before: BEFORE, after: AFTER } },
  result: null,
  analysed_at: null,
  concluded_at: null,
  created_at: new Date(),
};

const wave = (id: string, status: string) => ({ id, status, completed: 3, survey_name: 'Participant questionnaire' });

function stubs() {
  const questionnaire = {
    create: vi.fn(async () => ({ surveyId: SURVEY, before: BEFORE, after: AFTER, created: false })),
    openAfter: vi.fn(async () => undefined),
    importAnswers: vi.fn(async () => ({ paired: 30, onlyBefore: 5, onlyAfter: 3, repeated: 1 })),
    status: vi.fn(async () => ({
      surveyId: SURVEY,
      surveyName: 'Participant questionnaire: Walking group (EV-00000000)',
      before: wave(BEFORE, 'closed'),
      after: wave(AFTER, 'open'),
    })),
  };
  const data = {
    summary: vi.fn(async () => ({ total: 0, covariates: [], groups: [] })),
    importParticipants: vi.fn(async () => ({ ok: true as const, rows: 12 })),
  };
  const services = {
    evaluations: { get: vi.fn(async () => evaluation) },
    data,
    analysis: {},
    questionnaire,
  } as unknown as EvaluationServices;
  return { services, questionnaire, data };
}

const banner = (body: string) =>
  /class="govuk-notification-banner govuk-notification-banner--success"[\s\S]*?<\/div>\s*<\/div>/.exec(body)?.[0] ?? '';

describe('the outcome data page after a change (Post/Redirect/Get)', () => {
  let r: RouteTestApp | undefined;
  afterEach(async () => r?.close());

  it('brings the answers in with a 303 to the data page, whose banner gives the counts', async () => {
    const { services, questionnaire } = stubs();
    r = await routeTestApp({ routes: evaluationRoutes(services), role: 'officer' });
    const posted = await r.client.post(`${base}/questionnaire/answers`);
    expect(posted.statusCode).toBe(303);
    expect(posted.body).not.toContain('govuk-notification-banner');
    expect(questionnaire.importAnswers).toHaveBeenCalledTimes(1);
    const location = String(posted.headers.location);
    expect(location).toBe(`${base}/data?done=answers&paired=30&before=5&after=3&repeated=1`);

    const page = await r.client.get(location);
    expect(page.statusCode).toBe(200);
    const shown = banner(page.body);
    expect(shown).toContain('30 participants answered before and after; 5 only before; 3 only after.');
    expect(shown).toContain('1 answers repeated a code already used in the same questionnaire');
    // Reloading the page shows it again and brings nothing in again.
    expect((await r.client.get(location)).statusCode).toBe(200);
    expect(questionnaire.importAnswers).toHaveBeenCalledTimes(1);
    // The page without a step to report has no banner; nonsense in the address is ignored, never a 500.
    expect(banner((await r.client.get(`${base}/data`)).body)).toBe('');
    const odd = await r.client.get(`${base}/data?done=nope&paired=-4&before=x`);
    expect(odd.statusCode).toBe(200);
    expect(banner(odd.body)).toBe('');
  });

  it('refused: the data page again with the error summary (400), and no redirect', async () => {
    const { services, questionnaire } = stubs();
    questionnaire.importAnswers.mockRejectedValueOnce(
      new DomainError('evaluation.questionnaire.errors.none', 'questionnaire'),
    );
    r = await routeTestApp({ routes: evaluationRoutes(services), role: 'officer' });
    const refused = await r.client.post(`${base}/questionnaire/answers`);
    expect(refused.statusCode).toBe(400);
    expect(refused.headers.location).toBeUndefined();
    expect(refused.body).toContain('govuk-error-summary');
    expect(refused.body).toContain('No completed answers with a participant code yet');
    expect(banner(refused.body)).toBe('');
  });

  it('creating the questionnaire (again), opening "after" and uploading a file each redirect to a banner', async () => {
    const { services, questionnaire, data } = stubs();
    r = await routeTestApp({ routes: evaluationRoutes(services), role: 'officer' });
    const created = await r.client.post(`${base}/questionnaire`);
    expect(created.statusCode).toBe(303);
    expect(created.headers.location).toBe(`${base}/data?done=questionnaire`);
    expect(questionnaire.create).toHaveBeenCalledWith(expect.anything(), ID);
    const ready = await r.client.get(String(created.headers.location));
    expect(banner(ready.body)).toContain('The participant questionnaire is ready and its ‘before’ wave is open');
    // The page names the questionnaire's survey (its name carries the evaluation's reference) and links to it.
    expect(ready.body).toContain(
      `href="/c/${TEST_COUNCIL.slug}/surveys/${SURVEY}">Participant questionnaire: Walking group (EV-00000000)</a>`,
    );

    const after = await r.client.post(`${base}/questionnaire/after`);
    expect(after.statusCode).toBe(303);
    expect(after.headers.location).toBe(`${base}/data?done=after`);
    expect(banner((await r.client.get(String(after.headers.location))).body)).toContain(
      'The ‘before’ questionnaire is closed and the ‘after’ one is open.',
    );

    const boundary = '----evalroute';
    const uploaded = await r.app.inject({
      method: 'POST',
      url: `${base}/data`,
      headers: {
        cookie: [...r.client.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        'content-type': `multipart/form-data; boundary=${boundary}`,
      },
      payload:
        `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${r.client.csrf}\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="p.csv"\r\nContent-Type: text/csv\r\n\r\n` +
        `id,group,pre,post\r\nA,participant,1,1\r\n\r\n--${boundary}--\r\n`,
    });
    expect(uploaded.statusCode).toBe(303);
    expect(uploaded.headers.location).toBe(`${base}/data?done=uploaded&rows=12`);
    expect(data.importParticipants).toHaveBeenCalledTimes(1);
    expect(banner((await r.client.get(String(uploaded.headers.location))).body)).toContain(
      'Rows imported: 12. They replace any data imported before.',
    );
  });

  it('shows the banner in Welsh on a Welsh page', async () => {
    const { services } = stubs();
    r = await routeTestApp({ routes: evaluationRoutes(services), role: 'officer' });
    r.client.cookies.set('co_lang', 'cy');
    const page = await r.client.get(`${base}/data?done=answers&paired=2&before=1&after=0&repeated=0`);
    expect(page.statusCode).toBe(200);
    const shown = banner(page.body);
    expect(shown).toContain('Atebodd 2 o gyfranogwyr cyn ac ar ôl; 1 cyn yn unig; 0 ar ôl yn unig.');
    expect(shown).not.toContain('ailadrodd');
  });
});
