/**
 * A network study built from a survey wave's name-generator answers, on a real database: the survey module
 * hands over completed answers through its public service, and the network has one node per respondent and per
 * person named, ties as named, and mixing by the backgrounds respondents reported. Pages by role.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../../../test/helpers/db.ts';
import { Client, createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { publicActor } from '../../kernel/actor.ts';
import type { ContactAnswer } from '../survey/contacts.ts';

describe.each(BACKENDS)('networks from survey answers (%s)', (backend) => {
  let t: TestApp;
  let studyId: string;
  let waveId: string;
  let questionId: string;

  beforeAll(async () => {
    t = await createTestApp(backend);
    const analyst = t.actor('analyst');
    const survey = t.services.survey;
    await survey.bank.ensure();
    questionId = await survey.bank.add(analyst, {
      code: 'turn_to',
      kind: 'contacts',
      wording: 'Who do you turn to?',
      hint: '',
      options: [],
      positiveCount: 0,
      excludedCount: 0,
      maxContacts: 3,
      relationships: ['Family', 'Friend', 'Neighbour'],
      backgrounds: ['ethnic_group', 'age_band', 'tenure'],
      source: 'own',
    });
    const surveyId = await survey.waves.createSurvey(analyst, 'Ties survey', '');
    const bank = await survey.bank.list(analyst.council);
    const demographics = bank.filter((q) => ['ethnic_group', 'age_band', 'tenure'].includes(q.code)).map((q) => q.id);
    waveId = await survey.waves.createWave(analyst, surveyId, {
      name: 'Wave 1',
      period: '2026',
      startsOn: '2020-01-01',
      endsOn: '2099-12-31',
      targetPopulation: 'Residents',
      mode: 'online',
    });
    await survey.waves.setQuestionnaire(analyst, waveId, [...demographics, questionId]);
    await survey.waves.setStatus(analyst, waveId, 'open');
    const wave = await survey.responding.openWave(waveId);
    if (!wave) throw new Error('the wave is not open');
    const { questions } = await survey.responding.questionnaire(wave);
    const q = (code: string) => questions.find((x) => x.code === code) ?? questions[0];
    const resident = publicActor(analyst.council);
    const respond = async (ethnic: string, age: string, contacts: ContactAnswer[], complete = true, tenure = '') => {
      const draft = await survey.responding.draft(wave, await survey.responding.start(resident, wave));
      if (!draft) throw new Error('no draft');
      await survey.responding.answer(resident, wave, draft, q('ethnic_group'), ethnic, []);
      await survey.responding.answer(resident, wave, draft, q('age_band'), age, []);
      if (tenure) await survey.responding.answer(resident, wave, draft, q('tenure'), tenure, []);
      await survey.responding.answerContacts(resident, wave, draft, q('turn_to'), contacts);
      if (complete) await survey.responding.submit(resident, wave, draft);
    };
    await respond(
      'Pakistani',
      '25_34',
      [
        { relationship: 'family', background: { ethnic_group: 'asian', tenure: 'social_rent' } },
        {
          relationship: 'neighbour',
          background: { ethnic_group: 'white', age_band: '65_plus', tenure: 'owner_occupier' },
        },
      ],
      true,
      'social_rent_council',
    );
    await respond(
      'WhiteBrit',
      '50_64',
      [{ relationship: 'friend', background: { ethnic_group: 'white', tenure: 'private_rent' } }],
      true,
      'owns_outright',
    );
    await respond('prefer_not', '16_24', []);
    // Not completed: left out.
    await respond('Indian', '16_24', [{ relationship: 'friend', background: { ethnic_group: 'black' } }], false);
    studyId = await t.services.networks.studies.create(analyst, {
      name: 'From the survey',
      areaCode: null,
      description: '',
    });
  });
  afterAll(() => t.close());

  it('offers the wave, and builds one node per respondent and per person named, ties as named', async () => {
    const studies = t.services.networks.studies;
    const sources = await studies.surveySources(t.actor('analyst').council);
    expect(sources).toEqual([expect.objectContaining({ waveId, questionCode: 'turn_to', completed: 3 })]);
    const built = await studies.fromSurvey(t.actor('analyst'), studyId, waveId, 'turn_to');
    expect(built).toEqual({ respondents: 3, nodes: 6, ties: 3 });
    const a = await studies.aggregate(t.actor('analyst').council, studyId, 'ethnic_group');
    expect(a?.study.attributes).toEqual(expect.arrayContaining(['ethnic_group', 'age_band', 'role']));
    expect([a?.nodes, a?.ties, a?.isolates]).toEqual([6, 3, 1]);
    // By the backgrounds reported: asian–asian and white–white within, asian–white across.
    expect(a?.mixing?.observedCrossShare).toBeCloseTo(1 / 3, 10);
    // By housing tenure (the respondent's own answer by its broad group, the contacts' as reported): the
    // social renter's tie to a social renter is within, to an owner-occupier across; the owner's to a private
    // renter across.
    const byTenure = await studies.aggregate(t.actor('analyst').council, studyId, 'tenure');
    expect(byTenure?.study.attributes).toContain('tenure');
    expect(byTenure?.mixing?.observedCrossShare).toBeCloseTo(2 / 3, 10);
    expect(byTenure?.groupValues).toEqual(['', 'owner_occupier', 'private_rent', 'social_rent']);
    const people = await studies.people(t.actor('analyst'), studyId, 'age_band');
    expect(people?.people.map((p) => p.group).sort()).toEqual(['16_24', '25_34', '50_64', '65_plus', null, null]);
    expect(JSON.stringify(people?.people)).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
  });

  it('refuses a wave or question that did not ask a name generator', async () => {
    const studies = t.services.networks.studies;
    await expect(studies.fromSurvey(t.actor('analyst'), studyId, waveId, 'age_band')).rejects.toMatchObject({
      key: 'networks.fromSurvey.errors.source',
    });
  });

  it('builds from the import page for an analyst; a viewer may not, and sees counts only', async () => {
    const analyst = new Client(t.app);
    await analyst.signIn('analyst@a.test');
    const page = await analyst.get(`/c/council-a/networks/${studyId}/import`);
    expect(page.body).toContain(`value="${waveId}~turn_to"`);
    const bad = await analyst.post(`/c/council-a/networks/${studyId}/from-survey`, { source: 'nonsense' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('govuk-error-summary');
    const ok = await analyst.post(`/c/council-a/networks/${studyId}/from-survey`, { source: `${waveId}~turn_to` });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('Built from 3 respondents: 6 people and 3 ties.');
    const viewer = new Client(t.app);
    await viewer.signIn('viewer@a.test');
    expect(
      (await viewer.post(`/c/council-a/networks/${studyId}/from-survey`, { source: `${waveId}~turn_to` })).statusCode,
    ).toBe(403);
    const study = await viewer.get(`/c/council-a/networks/${studyId}`);
    expect(study.statusCode).toBe(200);
    expect(study.body).not.toMatch(/R[0-9a-f]{10}/);
    // Tenure by name and its groups in words, in English and in Welsh.
    const byTenure = await viewer.get(`/c/council-a/networks/${studyId}?by=tenure`);
    expect(byTenure.body).toContain('<option value="tenure" selected>Housing tenure</option>');
    expect(byTenure.body).toContain('Ties across lines of Housing tenure');
    expect(byTenure.body).toContain('Social rent');
    expect(byTenure.body).toContain('Owner-occupier');
    viewer.cookies.set('co_lang', 'cy');
    const cy = await viewer.get(`/c/council-a/networks/${studyId}?by=tenure`);
    expect(cy.body).toContain('Deiliadaeth tai');
    expect(cy.body).toContain('Rhentu cymdeithasol');
    expect(cy.body).not.toContain('social_rent<');
  });

  it("shows the survey's staff pages of a wave that asked a name generator", async () => {
    const analyst = new Client(t.app);
    await analyst.signIn('analyst@a.test');
    const W = `/c/council-a/surveys/waves/${waveId}`;
    for (const url of [W, `${W}/questionnaire`, `${W}/results`, `${W}/weighting`, `${W}/import`])
      expect((await analyst.get(url)).statusCode, url).toBe(200);
    const question = await analyst.get(`/c/council-a/surveys/questions/${questionId}`);
    expect(question.statusCode).toBe(200);
    expect(question.body).toContain('Up to 3 people');
    expect(question.body).toContain('Their age, as you see it');
    expect(question.body).toContain('Their housing: owner-occupier, social or private renter, as you see it');
  });
});
