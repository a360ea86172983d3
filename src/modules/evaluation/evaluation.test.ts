import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BACKENDS } from '../../../test/helpers/db.ts';
import { Client, createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { translator } from '../../i18n/index.ts';
import { participantCsv } from './testing.ts';
import { publicActor } from '../../kernel/actor.ts';
import { estimateSentence } from './present/results.ts';
import { evaluationReference } from './model.ts';
import { questionnaireSurveyName } from './services/questionnaire.ts';

/** A grant that does not exist (yet): a link to it is kept but resolves to nothing. */
const NO_GRANT = '00000000-0000-4000-8000-000000000009';
let OUTCOME = '';

function multipart(csrf: string, file: string) {
  const boundary = '----evaltest';
  const body =
    `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n` +
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="p.csv"\r\nContent-Type: text/csv\r\n\r\n${file}\r\n` +
    `--${boundary}--\r\n`;
  return { payload: body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe.each(BACKENDS)('evaluation (%s)', (backend) => {
  let t: TestApp;
  let officer: Client;
  let viewer: Client;
  const base = '/c/council-a/evaluations';

  beforeAll(async () => {
    t = await createTestApp(backend);
    const planner = t.actor('officer');
    const plan = await t.services.plans.plans.create(
      planner,
      { title: 'Integration plan 2026', periodStart: '2026-01-01', periodEnd: '2028-12-31' },
      null,
    );
    const domain = await t.services.plans.plans.addDomain(planner, plan, { title: 'Belonging', description: '' });
    OUTCOME = await t.services.plans.plans.addOutcome(planner, domain, {
      title: 'More people feel they belong',
      description: '',
    });
    officer = new Client(t.app);
    await officer.signIn('officer@a.test');
    viewer = new Client(t.app);
    await viewer.signIn('viewer@a.test');
  }, 300_000);
  afterAll(async () => t?.close());

  it('starts an evaluation from a plan outcome, and the outcome finds it through the registry', async () => {
    const links = t.container.deps.links;
    const ref = { kind: 'plan.outcome', id: OUTCOME };
    const ours = (actions: { labelKey: string; href: string }[]) =>
      actions.filter((a) => a.labelKey.startsWith('evaluation.'));
    const [action] = ours(links.actionsFrom(t.actor('officer'), ref));
    expect(action.labelKey).toBe('evaluation.actions.start');
    expect(action.href).toBe(`${base}/new?link=plan.outcome%3A${OUTCOME}`);
    expect(ours(links.actionsFrom(t.actor('viewer'), ref))).toEqual([]);
    expect(ours(links.actionsFrom(t.actor('officer'), { kind: 'tensions.ward', id: 'x' }))).toEqual([]);

    const form = await officer.get(`${base}/new?link=plan.outcome:${OUTCOME}`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('More people feel they belong');
    const bad = await officer.post(`${base}/new`, {
      link: `plan.outcome:${OUTCOME}`,
      title: '',
      design: 'matched-did',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Enter a name for the evaluation');
    const res = await officer.post(`${base}/new`, {
      link: `plan.outcome:${OUTCOME}`,
      title: 'Shared meals',
      summary: 'Monthly shared meals for neighbours',
      design: 'matched-did',
      outcomeCode: 'belonging',
    });
    expect(res.statusCode).toBe(303);
    const id = /evaluations\/([0-9a-f-]{36})\/theory/.exec(String(res.headers.location))?.[1] ?? '';
    const back = (await links.backlinks(t.actor('viewer'), ref)).filter((b) => b.kind === 'evaluation');
    expect(back.map((b) => [b.kind, b.id, b.label])).toEqual([['evaluation', id, 'Shared meals']]);
    expect((await links.backlinks(t.actor('adminB'), ref)).filter((b) => b.kind === 'evaluation')).toEqual([]);
    const overview = await viewer.get(`${base}/${id}`);
    expect(overview.body).toContain('More people feel they belong');
    expect((await viewer.post(`${base}/new`, { title: 'x' })).statusCode).toBe(403);
  });

  it('keeps a link to a kind whose module is not there yet, and shows it once it resolves', async () => {
    const actor = t.actor('officer');
    const id = await t.services.evaluation.evaluations.create(actor, {
      title: 'Grant-funded clubs',
      summary: '',
      design: 'pre-post',
      outcomeCode: 'life_satisfaction',
      links: [{ kind: 'commissioning.grant', id: NO_GRANT }],
    });
    const e = await t.services.evaluation.evaluations.mustGet(actor.council, id);
    expect(e.links).toEqual([{ kind: 'commissioning.grant', id: NO_GRANT }]);
    expect(await t.services.evaluation.evaluations.links(actor, e)).toEqual([]);
    expect((await officer.get(`${base}/${id}`)).statusCode).toBe(200);
  });

  it('draws the theory of change with a text equivalent', async () => {
    const [e] = await t.services.evaluation.evaluations.list(t.council());
    const r = await officer.post(`${base}/${e.id}/theory`, {
      inputs: 'Grant of £20,000\nVolunteers',
      activities: 'Monthly shared meals',
      outputs: '12 meals',
      outcomes: 'Neighbours meet people from other backgrounds',
      impact: 'A place where people feel they belong',
      assumptions: 'People from different backgrounds come',
    });
    expect(r.statusCode).toBe(303);
    expect(r.headers.location).toBe(`${base}/${e.id}/theory?saved=1`);
    expect((await officer.get(r.headers.location as string)).body).toContain('The theory of change has been saved.');
    const page = await viewer.get(`${base}/${e.id}/theory`);
    expect(page.body).toMatch(/<svg[^>]+role="img"[^>]+aria-labelledby="toc-title toc-desc"/);
    expect(page.body).toContain('Theory of change in words');
    expect(page.body).toContain('Monthly shared meals');
  });

  it('plans with a power calculation', async () => {
    const [e] = (await t.services.evaluation.evaluations.list(t.council())).filter((x) => x.title === 'Shared meals');
    const bad = await officer.post(`${base}/${e.id}/plan`, { nTreated: 'lots' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Enter a whole number of 2 or more');
    await officer.post(`${base}/${e.id}/plan`, {
      questions: 'Did taking part raise belonging?',
      nTreated: '120',
      nControl: '300',
      baseline: '0.5',
      icc: '0.05',
      clusterSize: '11',
      correlation: '0.5',
    });
    const page = await viewer.get(`${base}/${e.id}/plan`);
    // mdeDid: sd = 0.5, deff = 1.5, ρ = 0.5 → 2.8016 · 0.5 · √(1.5 · (1/120 + 1/300)) = 0.1853 → 19 points.
    expect(page.body).toContain('could detect a change of 19 percentage points or more (design effect 1.50)');
  });

  it('imports participants all or nothing, reporting every bad row with its line', async () => {
    const [e] = (await t.services.evaluation.evaluations.list(t.council())).filter((x) => x.title === 'Shared meals');
    await officer.get(`${base}/${e.id}/data`);
    const bad = 'id,group,pre,post,age\nA,participant,1,0,40\nB,visitor,1,0,40\nA,comparison,2,0,x\n';
    const r1 = await t.app.inject({
      method: 'POST',
      url: `${base}/${e.id}/data`,
      ...multipart(officer.csrf, bad),
      headers: {
        ...multipart(officer.csrf, bad).headers,
        cookie: [...officer.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      },
    });
    expect(r1.statusCode).toBe(400);
    expect(r1.body).toContain('Line 3: group must be participant or comparison, not &#39;visitor&#39;');
    expect(r1.body).toContain('Line 4: id A is also on line 2');
    expect(r1.body).toContain('Line 4: pre must be 0, 1 or empty, not &#39;2&#39;');
    expect(r1.body).toContain('Line 4: age must be a number, not &#39;x&#39;');
    expect((await t.services.evaluation.data.summary(t.actor('officer'), e.id)).total).toBe(0);
    const good = participantCsv(7, 120, 300);
    const upload = multipart(officer.csrf, good);
    const r2 = await t.app.inject({
      method: 'POST',
      url: `${base}/${e.id}/data`,
      payload: upload.payload,
      headers: { ...upload.headers, cookie: [...officer.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    expect(r2.statusCode).toBe(303);
    const s = await t.services.evaluation.data.summary(t.actor('officer'), e.id);
    expect(s.groups.map((g) => g.rows)).toEqual([120, 300]);
    expect(s.covariates).toEqual(['age']);
  });

  it('analyses a matched comparison before and after: estimate, balance, love plot and evidence label', async () => {
    const [e] = (await t.services.evaluation.evaluations.list(t.council())).filter((x) => x.title === 'Shared meals');
    await officer.get(`${base}/${e.id}/results`);
    expect((await officer.post(`${base}/${e.id}/conclude`)).statusCode).toBe(400);
    const r = await officer.post(`${base}/${e.id}/analyse`);
    expect(r.statusCode).toBe(303);
    const stored = await t.services.evaluation.evaluations.mustGet(t.council(), e.id);
    const res = stored.result;
    expect(res?.design).toBe('matched-did');
    expect(res?.balance?.map((b) => b.covariate)).toEqual(['age', 'baseline']);
    expect(res?.evidence.sms).toBeGreaterThanOrEqual(3);
    expect(res?.evidence.reasons).toContain('evaluation.evidence.comparisonGroup');
    const page = await viewer.get(`${base}/${e.id}/results`);
    expect(page.body).toContain(
      estimateSentence(res as NonNullable<typeof res>, translator('en')).replace(/'/g, '&#39;'),
    );
    expect(page.body).toContain('The programme raised the share who feel they belong to their neighbourhood by');
    expect(page.body).toContain('aria-labelledby="love-title love-desc"');
    expect(page.body).toContain('Maryland Scientific Methods Scale');
    // The plan outcome it evaluates shows its headline: the estimate with its interval and the evidence label.
    const outcome = await viewer.get(`/c/council-a/plans/outcomes/${OUTCOME}`);
    expect(outcome.statusCode).toBe(200);
    expect(outcome.body).toContain(
      estimateSentence(res as NonNullable<typeof res>, translator('en')).replace(/'/g, '&#39;'),
    );
    expect(outcome.body).toContain(
      `Evidence label: Maryland Scientific Methods Scale level ${res?.evidence.sms}; Nesta standards of evidence level ${res?.evidence.nesta}.`,
    );
    viewer.cookies.set('co_lang', 'cy');
    const welsh = await viewer.get(`/c/council-a/plans/outcomes/${OUTCOME}`);
    viewer.cookies.delete('co_lang');
    expect(welsh.body).toContain(`Label tystiolaeth: lefel ${res?.evidence.sms} ar Raddfa Dulliau Gwyddonol Maryland`);
    const report = await viewer.get(`${base}/${e.id}/report`);
    expect(report.body).toContain('Evaluation report for the programme board');
    const pdf = await viewer.get(`${base}/${e.id}/report?format=pdf`);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('concludes, and contributes the evaluation to the cabinet report for the period', async () => {
    const [e] = (await t.services.evaluation.evaluations.list(t.council())).filter((x) => x.title === 'Shared meals');
    await officer.get(`${base}/${e.id}/results`);
    expect((await officer.post(`${base}/${e.id}/conclude`)).statusCode).toBe(303);
    const now = new Date();
    const period = {
      label: 'this quarter',
      from: new Date(now.getTime() - 86_400_000),
      to: new Date(now.getTime() + 86_400_000),
    };
    const sections = await t.container.reportSections(t.actor('viewer'), period, 'en');
    const section = sections.find((s) => s.key === 'evaluation.concluded');
    expect(section?.tables[0].rows[0][0]).toBe('Shared meals');
    expect(section?.tables[0].rows[0][1]).toMatch(/^The programme raised the share/);
    const earlier = { label: 'last year', from: new Date('2020-01-01'), to: new Date('2021-01-01') };
    expect(
      (await t.container.reportSections(t.actor('viewer'), earlier, 'en')).find(
        (s) => s.key === 'evaluation.concluded',
      ),
    ).toBeUndefined();
    const cy = await t.container.reportSections(t.actor('viewer'), period, 'cy');
    expect(cy.find((s) => s.key === 'evaluation.concluded')?.title).not.toBe(section?.title);
    // A concluded evaluation no longer changes.
    const again = await officer.post(`${base}/${e.id}/analyse`);
    expect(again.statusCode).toBe(400);
  });

  it('suppresses estimates from small groups and keeps councils apart', async () => {
    const actor = t.actor('officer');
    const id = await t.services.evaluation.evaluations.create(actor, {
      title: 'Small pilot',
      summary: '',
      design: 'pre-post',
      outcomeCode: 'belonging',
      links: [],
    });
    const out = await t.services.evaluation.data.importParticipants(actor, id, Buffer.from(participantCsv(3, 12, 0)));
    expect(out).toEqual({ ok: true, rows: 12 });
    const r = await t.services.evaluation.analysis.run(actor, id);
    expect(r.suppressed).toBe(true);
    expect(r.evidence.sms).toBe(2);
    const page = await viewer.get(`${base}/${id}/results`);
    expect(page.body).toContain('Too few people to report: an estimate needs at least 30 people in each group.');
    expect(page.body).not.toContain('95% confidence interval');
    const b = new Client(t.app);
    await b.signIn('administrator@b.test');
    expect((await b.get(`/c/council-a/evaluations/${id}`)).statusCode).toBe(404);
    expect(await t.services.evaluation.evaluations.get(t.council('b'), id)).toBeNull();
  });

  it('collects participant questionnaires online through the survey journey and pairs them by code', async () => {
    const actor = t.actor('officer');
    const survey = t.services.survey;
    const id = await t.services.evaluation.evaluations.create(actor, {
      title: 'Walking group',
      summary: '',
      design: 'pre-post',
      outcomeCode: 'life_satisfaction',
      links: [],
    });
    expect((await officer.get(`${base}/${id}/data`)).body).toContain('Create the participant questionnaire');
    expect((await viewer.post(`${base}/${id}/questionnaire`)).statusCode).toBe(403);
    const created = await officer.post(`${base}/${id}/questionnaire`);
    expect(created.statusCode).toBe(303);
    const waves = (await t.services.evaluation.evaluations.mustGet(t.council(), id)).plan.participantWaves;
    if (!waves) throw new Error('no questionnaire');
    // Sending the form again gives the same questionnaire, not an error.
    const again = await officer.post(`${base}/${id}/questionnaire`);
    expect(again.statusCode).toBe(303);
    expect((await t.services.evaluation.evaluations.mustGet(t.council(), id)).plan.participantWaves).toEqual(waves);
    // Built from the bank: the code, the outcome, then the other items, each its own question.
    const questions = await survey.waves.questionnaire(t.council(), waves.before);
    expect(questions.map((q) => q.code)).toEqual([
      'participant_code',
      'get_on_local',
      'belonging',
      'trust_neighbours',
      'friends_ethnicity',
      'life_satisfaction',
      'worthwhile',
      'happiness',
      'anxiety',
    ]);

    // The public journey asks for the code as typed text and refuses one that is not a code.
    const resident = new Client(t.app);
    await resident.get(`/s/${waves.before}`);
    const started = await resident.post(`/s/${waves.before}/start`);
    const first = String(started.headers.location);
    const page = await resident.get(first);
    expect(page.body).toContain('What is your participant code?');
    expect(page.body).toMatch(/<input\s+class="govuk-input[^"]*" id="answer" name="answer" type="text"/);
    const bad = await resident.post(first, { answer: 'x!', action: 'next' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Enter your participant code: 3 to 20 letters, numbers or hyphens');
    expect((await resident.post(first, { answer: 'walk 001', action: 'next' })).statusCode).toBe(303);

    const respond = async (waveId: string, code: string, score: number) => {
      const wave = await survey.responding.openWave(waveId);
      if (!wave) throw new Error('the wave is not open');
      const { questions: qs, wards } = await survey.responding.questionnaire(wave);
      const who = publicActor(wave.council);
      const token = await survey.responding.start(who, wave);
      let draft = await survey.responding.draft(wave, token);
      if (!draft) throw new Error('no draft');
      for (const q of qs.filter((x) => x.code === 'participant_code' || x.code === 'life_satisfaction')) {
        const answers = await survey.responding.answer(
          who,
          wave,
          draft,
          q,
          q.kind === 'code' ? code : String(score),
          wards,
        );
        draft = { ...draft, answers };
      }
      await survey.responding.submit(who, wave, draft);
    };
    const before = (i: number) => 4 + (i % 3);
    for (let i = 1; i <= 35; i++) await respond(waves.before, `walk-${String(i).padStart(3, '0')}`, before(i));
    await respond(waves.before, 'WALK-001', before(1));
    expect((await officer.post(`${base}/${id}/questionnaire/after`)).statusCode).toBe(303);
    expect((await survey.waves.wave(t.council(), waves.before))?.status).toBe('closed');
    for (let i = 1; i <= 30; i++)
      await respond(waves.after, `WALK-${String(i).padStart(3, '0')}`, before(i) + (i % 2 ? 2 : 0));
    for (const code of ['WALK-090', 'WALK-091', 'WALK-092']) await respond(waves.after, code, 6);

    // Post/Redirect/Get: the answers are brought in, then the data page says what happened.
    const imported = await officer.post(`${base}/${id}/questionnaire/answers`);
    expect(imported.statusCode).toBe(303);
    const shown = await officer.get(String(imported.headers.location));
    expect(shown.statusCode).toBe(200);
    expect(shown.body).toContain('govuk-notification-banner--success');
    expect(shown.body).toContain('30 participants answered before and after; 5 only before; 3 only after.');
    expect(shown.body).toContain('1 answers repeated a code');
    expect(shown.body).toContain(`(${evaluationReference(id)})`);
    // Sending it twice at once (a double click) brings the same participants in, once.
    const twice = await Promise.all([1, 2].map(() => officer.post(`${base}/${id}/questionnaire/answers`)));
    expect(twice.map((res) => res.statusCode)).toEqual([303, 303]);
    const stored = await t.db.query<{ external_id: string }>(
      'select external_id from evaluation_participants where evaluation_id = $1',
      [id],
    );
    expect(stored).toHaveLength(38);
    expect(stored.every((r) => /^P-[0-9a-f]{16}$/.test(r.external_id))).toBe(true);
    const r = await t.services.evaluation.analysis.run(actor, id);
    expect(r.design).toBe('pre-post');
    expect(r.n).toBe(30);
    expect(r.estimate).toBeCloseTo(1, 12);
    expect(r.evidence.sms).toBe(2);
  });

  describe('creating the participant questionnaire is retry-safe', () => {
    const start = (title: string) =>
      t.services.evaluation.evaluations.create(t.actor('officer'), {
        title,
        summary: '',
        design: 'pre-post',
        outcomeCode: 'belonging',
        links: [],
      });
    const planOf = async (id: string) => (await t.services.evaluation.evaluations.mustGet(t.council(), id)).plan;
    const surveysNamed = async (title: string) =>
      (await t.services.survey.waves.surveys(t.council())).filter((s) =>
        s.name.startsWith(`Participant questionnaire: ${title}`),
      );

    it('leaves nothing behind when a step fails after the survey is made, and the retry works', async () => {
      const id = await start('Cooking club');
      const failing = vi
        .spyOn(t.services.survey.waves, 'setStatus')
        .mockRejectedValueOnce(new Error('simulated failure opening the wave'));
      try {
        await expect(t.services.evaluation.questionnaire.create(t.actor('officer'), id)).rejects.toThrow(
          'simulated failure',
        );
      } finally {
        failing.mockRestore();
      }
      expect(await surveysNamed('Cooking club')).toEqual([]);
      expect((await planOf(id)).participantWaves).toBeUndefined();

      const retried = await officer.post(`${base}/${id}/questionnaire`);
      expect(retried.statusCode).toBe(303);
      expect(retried.headers.location).toBe(`${base}/${id}/data?done=questionnaire`);
      const waves = (await planOf(id)).participantWaves;
      if (!waves) throw new Error('no questionnaire after the retry');
      const surveys = await surveysNamed('Cooking club');
      expect(surveys.map((s) => s.name)).toEqual([
        `Participant questionnaire: Cooking club (${evaluationReference(id)})`,
      ]);
      expect(surveys[0].id).toBe(waves.surveyId);
      expect((await t.services.survey.waves.wave(t.council(), waves.before))?.status).toBe('open');
      expect((await t.services.survey.waves.wave(t.council(), waves.after))?.status).toBe('draft');
      const page = await officer.get(String(retried.headers.location));
      expect(page.body).toContain('The participant questionnaire is ready');
    });

    it('a double click and a later resubmit give the same questionnaire, one survey', async () => {
      const id = await start('Chess club');
      const clicks = await Promise.all([1, 2].map(() => officer.post(`${base}/${id}/questionnaire`)));
      expect(clicks.map((res) => res.statusCode)).toEqual([303, 303]);
      const waves = (await planOf(id)).participantWaves;
      if (!waves) throw new Error('no questionnaire');
      expect(await surveysNamed('Chess club')).toHaveLength(1);
      expect((await officer.post(`${base}/${id}/questionnaire`)).statusCode).toBe(303);
      const same = await t.services.evaluation.questionnaire.create(t.actor('officer'), id);
      expect(same).toEqual({ ...waves, created: false });
      expect(await surveysNamed('Chess club')).toHaveLength(1);
      expect((await planOf(id)).participantWaves).toEqual(waves);
      const audits = await t.db.query(
        `select 1 from audit_log where action = 'evaluation.questionnaire_created' and target_id = $1`,
        [id],
      );
      expect(audits).toHaveLength(1);
    });

    it('gives two evaluations with the same title their own surveys, named with each reference', async () => {
      const [a, b] = [await start('Youth football'), await start('Youth football')];
      for (const id of [a, b]) expect((await officer.post(`${base}/${id}/questionnaire`)).statusCode).toBe(303);
      const [wa, wb] = [(await planOf(a)).participantWaves, (await planOf(b)).participantWaves];
      if (!wa || !wb) throw new Error('no questionnaire');
      expect(wa.surveyId).not.toBe(wb.surveyId);
      expect((await surveysNamed('Youth football')).map((s) => s.name).sort()).toEqual(
        [a, b].map((id) => `Participant questionnaire: Youth football (${evaluationReference(id)})`).sort(),
      );
      const overview = await officer.get(`${base}/${a}`);
      expect(overview.body).toContain(evaluationReference(a));
    });

    it('uses the full id when the council already has a survey with the name, and keeps it when the plan is saved', async () => {
      const id = await start('Gardening');
      await t.services.survey.waves.createSurvey(
        t.actor('administrator'),
        questionnaireSurveyName('Gardening', evaluationReference(id)),
        'Named by hand',
      );
      expect((await officer.post(`${base}/${id}/questionnaire`)).statusCode).toBe(303);
      const waves = (await planOf(id)).participantWaves;
      if (!waves) throw new Error('no questionnaire');
      const names = (await surveysNamed('Gardening')).map((s) => s.name);
      expect(names).toContain(`Participant questionnaire: Gardening (${id})`);
      // Saving the evaluation plan form (which knows nothing of the questionnaire) keeps it.
      expect((await officer.post(`${base}/${id}/plan`, { questions: 'Do people feel they belong?' })).statusCode).toBe(
        303,
      );
      const plan = await planOf(id);
      expect(plan.questions).toEqual(['Do people feel they belong?']);
      expect(plan.participantWaves).toEqual(waves);
      expect((await officer.post(`${base}/${id}/questionnaire`)).statusCode).toBe(303);
      expect(await surveysNamed('Gardening')).toHaveLength(2);
    });

    it('keeps long titles within the survey name limit with the reference showing', () => {
      const name = questionnaireSurveyName('x'.repeat(200), 'EV-ABCDEF12');
      expect(name).toHaveLength(200);
      expect(name.endsWith(' (EV-ABCDEF12)')).toBe(true);
    });
  });
});
