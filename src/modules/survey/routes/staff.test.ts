import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it } from 'vitest';
import type { RouteTestApp } from '../../../../test/helpers/routes.ts';
import { DomainError } from '../../../kernel/errors.ts';
import {
  IMPORT_ID,
  OWN_QUESTION_ID,
  QUESTION_ID,
  STAFF,
  SURVEY_ID,
  agree,
  contactsQuestion,
  wardQuestion,
  WAVE_ID,
  postFile,
  stubServices,
  surveyApp,
  upload,
  wave,
  est,
  results,
  type Stubs,
} from '../testing/stubs.ts';

const sexQuestion = {
  ...wardQuestion,
  code: 'sex',
  kind: 'choice' as const,
  options: [
    { code: 'female', label: 'Female' },
    { code: 'male', label: 'Male' },
  ],
};

/** Staff survey pages on stub services: what each page shows, which service call each form makes. */
describe('survey staff routes', () => {
  let r: RouteTestApp | undefined;
  afterEach(() => r?.close());
  const W = `${STAFF}/waves/${WAVE_ID}`;
  const NUL = 'Pulse\u0000survey';

  const build = async (role: 'analyst' | 'viewer' = 'analyst', s: Stubs = stubServices()) => {
    r = await surveyApp(s, role);
    // Any page gives the CSRF token (the layout's sign-out form).
    await r.client.get(STAFF);
    return { s, r };
  };
  const actorArg = () => expect.objectContaining({ userId: r?.actor?.userId, role: r?.actor?.role });

  describe('surveys and waves', () => {
    it('lists surveys, shows a survey with its waves, and creates a survey as the member', async () => {
      const { s, r } = await build();
      const list = await r.client.get(STAFF);
      expect(list.statusCode).toBe(200);
      expect(list.body).toContain('Neighbourhood pulse');
      const page = await r.client.get(`${STAFF}/${SURVEY_ID}`);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Spring wave');
      expect((await r.client.get(`${STAFF}/new`)).statusCode).toBe(200);
      const res = await r.client.post(`${STAFF}/new`, { name: 'Pulse', description: 'About' });
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe(`${STAFF}/${SURVEY_ID}`);
      expect(s.waves.createSurvey).toHaveBeenCalledWith(actorArg(), 'Pulse', 'About');
    });

    it('shows the error summary for a blank name or a control character, and a rule failure on its field', async () => {
      const { s, r } = await build();
      const blank = await r.client.post(`${STAFF}/new`, { name: ' ' });
      expect(blank.statusCode).toBe(400);
      expect(blank.body).toContain('govuk-error-summary');
      expect(blank.body).toContain('Enter a name for the survey');
      const nul = await r.client.post(`${STAFF}/new`, { name: NUL, description: 'x\u0007' });
      expect(nul.statusCode).toBe(400);
      expect(nul.body).toContain('govuk-error-summary');
      expect(nul.body).toContain('control characters');
      expect(s.waves.createSurvey).not.toHaveBeenCalled();
      s.waves.createSurvey.mockRejectedValueOnce(new DomainError('survey.surveys.errors.duplicate', 'name'));
      const dup = await r.client.post(`${STAFF}/new`, { name: 'Pulse' });
      expect(dup.statusCode).toBe(400);
      expect(dup.body).toContain('There is already a survey with this name');
      expect(dup.body).toContain('href="#name"');
    });

    it('adds a wave to the survey, refusing bad dates and text with control characters', async () => {
      const { s, r } = await build();
      expect((await r.client.get(`${STAFF}/${SURVEY_ID}/waves/new`)).statusCode).toBe(200);
      const form = {
        name: 'Autumn',
        period: '2025',
        startsOn: '2025-09-01',
        endsOn: '2025-10-31',
        targetPopulation: 'Adults',
        mode: 'imported',
      };
      const bad = await r.client.post(`${STAFF}/${SURVEY_ID}/waves/new`, { ...form, endsOn: '2025-02-30' });
      expect(bad.statusCode).toBe(400);
      expect(bad.body).toContain('Enter the last day as year-month-day');
      const nul = await r.client.post(`${STAFF}/${SURVEY_ID}/waves/new`, { ...form, targetPopulation: 'Adults\u0000' });
      expect(nul.statusCode).toBe(400);
      expect(nul.body).toContain('control characters');
      expect(s.waves.createWave).not.toHaveBeenCalled();
      const ok = await r.client.post(`${STAFF}/${SURVEY_ID}/waves/new`, form);
      expect(ok.statusCode).toBe(303);
      expect(ok.headers.location).toBe(`${W}?created=1`);
      expect(s.waves.createWave).toHaveBeenCalledWith(actorArg(), SURVEY_ID, form);
    });

    it('shows a wave with its public link and questions, and changes its status', async () => {
      const { s, r } = await build();
      const page = await r.client.get(`${W}?created=1`);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain(`/s/${WAVE_ID}`);
      expect(page.body).toContain('mixing_ok');
      expect(page.body).toContain('govuk-notification-banner');
      const bad = await r.client.post(`${W}/status`, { status: 'paused' });
      expect(bad.statusCode).toBe(400);
      expect(bad.body).toContain('Select a status');
      expect(s.waves.setStatus).not.toHaveBeenCalled();
      s.waves.setStatus.mockRejectedValueOnce(new DomainError('survey.waves.errors.notOnline', 'status'));
      const rule = await r.client.post(`${W}/status`, { status: 'open' });
      expect(rule.statusCode).toBe(400);
      expect(rule.body).toContain('Only an online wave can be opened');
      const ok = await r.client.post(`${W}/status`, { status: 'closed' });
      expect(ok.statusCode).toBe(303);
      expect(s.waves.setStatus).toHaveBeenLastCalledWith(actorArg(), WAVE_ID, 'closed');
    });

    it('chooses the questionnaire from the bank', async () => {
      const { s, r } = await build();
      const page = await r.client.get(`${W}/questionnaire`);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Do people here mix well?');
      const ok = await r.client.post(`${W}/questionnaire`, { questions: QUESTION_ID });
      expect(ok.statusCode).toBe(303);
      expect(s.waves.setQuestionnaire).toHaveBeenCalledWith(actorArg(), WAVE_ID, [QUESTION_ID]);
      s.waves.setQuestionnaire.mockRejectedValueOnce(new DomainError('survey.questionnaire.errors.none', 'questions'));
      const none = await r.client.post(`${W}/questionnaire`, {});
      expect(none.statusCode).toBe(400);
      expect(none.body).toContain('Choose at least one question');
    });
  });

  describe('question bank', () => {
    const form = {
      code: 'bus_use',
      kind: 'choice',
      wording: 'How often do you take the bus?',
      hint: '',
      options: 'Often\nSometimes\nNever',
      positiveCount: '1',
      excludedCount: '0',
      source: 'own',
    };

    it('lists the bank and adds a question with its answers split into lines', async () => {
      const { s, r } = await build();
      const bank = await r.client.get(`${STAFF}/questions`);
      expect(bank.statusCode).toBe(200);
      expect(bank.body).toContain('mixing_ok');
      expect((await r.client.get(`${STAFF}/questions/new`)).statusCode).toBe(200);
      const ok = await r.client.post(`${STAFF}/questions/new`, form);
      expect(ok.statusCode).toBe(303);
      expect(ok.headers.location).toBe(`${STAFF}/questions/${OWN_QUESTION_ID}?added=1`);
      expect(s.bank.add).toHaveBeenCalledWith(actorArg(), {
        ...form,
        options: ['Often', 'Sometimes', 'Never'],
        positiveCount: 1,
        excludedCount: 0,
      });
    });

    it('refuses a bad code and a NUL in the wording, and shows a taken code on its field', async () => {
      const { s, r } = await build();
      const bad = await r.client.post(`${STAFF}/questions/new`, { ...form, code: 'Bus Use' });
      expect(bad.statusCode).toBe(400);
      expect(bad.body).toContain('Enter a code of lower-case letters');
      const nul = await r.client.post(`${STAFF}/questions/new`, { ...form, wording: 'Bus\u0000?' });
      expect(nul.statusCode).toBe(400);
      expect(nul.body).toContain('control characters');
      expect(s.bank.add).not.toHaveBeenCalled();
      s.bank.add.mockRejectedValueOnce(new DomainError('survey.questions.errors.codeTaken', 'code'));
      const taken = await r.client.post(`${STAFF}/questions/new`, form);
      expect(taken.statusCode).toBe(400);
      expect(taken.body).toContain('There is already a question with this code');
    });

    it("shows a question's versions and revises the council's own question only", async () => {
      const { s, r } = await build();
      const page = await r.client.get(`${STAFF}/questions/${OWN_QUESTION_ID}?revised=1`);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('How often do you use local parks?');
      const ok = await r.client.post(`${STAFF}/questions/${OWN_QUESTION_ID}`, form);
      expect(ok.statusCode).toBe(303);
      const { code: _code, ...revision } = form;
      expect(s.bank.revise).toHaveBeenCalledWith(actorArg(), OWN_QUESTION_ID, {
        ...revision,
        options: ['Often', 'Sometimes', 'Never'],
        positiveCount: 1,
        excludedCount: 0,
      });
      expect((await r.client.post(`${STAFF}/questions/${QUESTION_ID}`, form)).statusCode).toBe(404);
      expect(s.bank.revise).toHaveBeenCalledTimes(1);
    });
  });

  describe('fieldwork import', () => {
    const csv = Buffer.from('respondent_id,mixing_ok\nR1,yes\n');
    const send = (file: { name: string; content: Buffer } | null) => {
      if (!r) throw new Error('no app');
      return postFile(r.app, r.client.cookies, `${W}/import`, { _csrf: r.client.csrf }, file);
    };

    it('uploads a file as the member and goes to the mapping page', async () => {
      const { s, r } = await build();
      const page = await r.client.get(`${W}/import?rows=40`);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('40 responses were imported');
      const res = await send({ name: 'fieldwork.csv', content: csv });
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe(`${W}/import/${IMPORT_ID}`);
      expect(s.fieldwork.upload).toHaveBeenCalledWith(actorArg(), wave, 'upload.csv', csv);
    });

    it('asks for a file, names a repeated column, and lists cells with control characters by line', async () => {
      const { s, r } = await build();
      const none = await send(null);
      expect(none.statusCode).toBe(400);
      expect(none.body).toContain('Choose a CSV file to upload');
      expect(s.fieldwork.upload).not.toHaveBeenCalled();
      s.fieldwork.upload.mockRejectedValueOnce(
        new DomainError('survey.import.errors.duplicateColumn', 'file', { column: 'mixing_ok' }),
      );
      const dup = await send({ name: 'f.csv', content: csv });
      expect(dup.statusCode).toBe(400);
      expect(dup.body).toContain('govuk-error-summary');
      expect(dup.body).toContain('The column name “mixing_ok” is used more than once');
      s.fieldwork.upload.mockResolvedValueOnce({
        ok: false,
        problems: [{ line: 3, key: 'survey.import.errors.controlCharacter', params: { column: 'Notes' } }],
        problemCount: 1,
      } as never);
      const ctl = await send({ name: 'f.csv', content: csv });
      expect(ctl.statusCode).toBe(400);
      expect(ctl.body).toContain('Line 3: column Notes contains a control character');
      expect(r.client.cookies.size).toBeGreaterThan(0);
    });

    it('maps columns (guessing the id and question columns) and imports, or lists each problem by line', async () => {
      const { s, r } = await build();
      const page = await r.client.get(`${W}/import/${IMPORT_ID}`);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Notes');
      expect(page.body).toMatch(/<option value="respondent_id" selected>/);
      const missing = await r.client.post(`${W}/import/${IMPORT_ID}`, { idColumn: '', map_1: 'mixing_ok' });
      expect(missing.statusCode).toBe(400);
      expect(missing.body).toContain('Choose the column that holds the respondent id');
      expect(s.fieldwork.apply).not.toHaveBeenCalled();
      s.fieldwork.apply.mockResolvedValueOnce({
        ok: false,
        problems: [{ line: 5, key: 'survey.import.errors.duplicateId', params: { id: 'R1', first: 2 } }],
        problemCount: 1,
      } as never);
      const bad = await r.client.post(`${W}/import/${IMPORT_ID}`, { idColumn: 'respondent_id', map_1: 'mixing_ok' });
      expect(bad.statusCode).toBe(400);
      expect(bad.body).toContain('Line 5: respondent id R1 is also on line 2');
      const ok = await r.client.post(`${W}/import/${IMPORT_ID}`, {
        idColumn: 'respondent_id',
        map_1: 'mixing_ok',
        map_2: '',
      });
      expect(ok.statusCode).toBe(303);
      expect(ok.headers.location).toBe(`${W}/import?rows=40`);
      expect(s.fieldwork.apply).toHaveBeenLastCalledWith(actorArg(), wave, IMPORT_ID, 'respondent_id', {
        mixing_ok: 'mixing_ok',
      });
    });

    it('documents the wide name-generator columns, and does not offer a name generator as one column', async () => {
      const { s, r } = await build();
      const help = await r.client.get(`${W}/import`);
      expect(help.body).toContain('CODE_contactN_relationship');
      expect(help.body).toContain('turn_to_contact1_tenure');
      s.waves.questionnaire.mockResolvedValue([agree, contactsQuestion]);
      const page = await r.client.get(`${W}/import/${IMPORT_ID}`);
      expect(page.body).toContain(
        'Answers to the name-generator question turn_to are read from the columns named like turn_to_contact1_relationship',
      );
      expect(page.body).toContain('<option value="mixing_ok"');
      expect(page.body).not.toContain('<option value="turn_to"');
      s.fieldwork.apply.mockRejectedValueOnce(
        new DomainError('survey.import.errors.contactNumber', 'mapping', {
          column: 'turn_to_contact4_relationship',
          max: 3,
        }),
      );
      const bad = await r.client.post(`${W}/import/${IMPORT_ID}`, { idColumn: 'respondent_id' });
      expect(bad.statusCode).toBe(400);
      expect(bad.body).toContain('govuk-error-summary');
      expect(bad.body).toContain('The column “turn_to_contact4_relationship” is for a person beyond the 3');
    });

    it('sends an upload that was already imported back to the import page', async () => {
      const s = stubServices();
      s.fieldwork.file.mockResolvedValue({ ...upload, completed_at: new Date() });
      const { r } = await build('analyst', s);
      const res = await r.client.get(`${W}/import/${IMPORT_ID}`);
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe(`${W}/import?rows=40`);
    });
  });

  describe('weighting', () => {
    it('shows each margin against the sample and adds a census margin', async () => {
      const { s, r } = await build();
      const page = await r.client.get(`${W}/weighting?done=margins`);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Female');
      expect(page.body).toContain('Ethnic group counts');
      const bad = await r.client.post(`${W}/weighting/census`, { dataset: 'Bad Name', variable: 'home_ward' });
      expect(bad.statusCode).toBe(400);
      expect(bad.body).toContain('govuk-error-summary');
      expect(s.weighting.fromCensus).not.toHaveBeenCalled();
      const ok = await r.client.post(`${W}/weighting/census`, { dataset: 'test_ethnic', variable: 'home_ward' });
      expect(ok.statusCode).toBe(303);
      expect(s.weighting.fromCensus).toHaveBeenCalledWith(actorArg(), wave, 'test_ethnic', 'home_ward');
      s.weighting.fromCensus.mockRejectedValueOnce(
        new DomainError('survey.weighting.errors.wardMissing', 'dataset', { ward: 'Abbey' }),
      );
      const rule = await r.client.post(`${W}/weighting/census`, { dataset: 'test_ethnic', variable: 'home_ward' });
      expect(rule.body).toContain('The dataset has no counts for the ward Abbey');
    });

    it('saves typed margins, lists bad lines, and refuses control characters without calling the service', async () => {
      const { s, r } = await build();
      const nul = await r.client.post(`${W}/weighting/margins`, { margins: 'sex,female\u0000,5100' });
      expect(nul.statusCode).toBe(400);
      expect(nul.body).toContain('control characters');
      const empty = await r.client.post(`${W}/weighting/margins`, { margins: '  ' });
      expect(empty.body).toContain('Enter the margins');
      expect(s.weighting.fromText).not.toHaveBeenCalled();
      s.weighting.fromText.mockResolvedValueOnce({
        ok: false,
        problems: [{ line: 2, key: 'survey.weighting.errors.threeCells', params: {} }],
      } as never);
      const bad = await r.client.post(`${W}/weighting/margins`, { margins: 'x\nsex,female' });
      expect(bad.body).toContain('Line 2: enter three values');
      const ok = await r.client.post(`${W}/weighting/margins`, { margins: 'sex,female,5100\nsex,male,4900' });
      expect(ok.statusCode).toBe(303);
      expect(s.weighting.fromText).toHaveBeenLastCalledWith(actorArg(), wave, 'sex,female,5100\nsex,male,4900');
    });

    it('removes a margin and runs the raking with its settings, showing raking problems on the run', async () => {
      const { s, r } = await build();
      const removed = await r.client.post(`${W}/weighting/remove`, { variable: 'sex' });
      expect(removed.statusCode).toBe(303);
      expect(s.weighting.remove).toHaveBeenCalledWith(actorArg(), wave, 'sex');
      const nul = await r.client.post(`${W}/weighting/remove`, { variable: 'sex\u0000' });
      expect(nul.statusCode).toBe(400);
      expect(s.weighting.remove).toHaveBeenCalledTimes(1);
      const badTrim = await r.client.post(`${W}/weighting/run`, {
        maxIterations: '50',
        epsilon: '0.001',
        trimLow: '2',
      });
      expect(badTrim.statusCode).toBe(400);
      expect(badTrim.body).toContain('Enter a lower trimming bound');
      expect(s.weighting.run).not.toHaveBeenCalled();
      const ok = await r.client.post(`${W}/weighting/run`, {
        maxIterations: '50',
        epsilon: '0.001',
        trimLow: '0.3',
        trimHigh: '4',
      });
      expect(ok.statusCode).toBe(303);
      expect(ok.headers.location).toBe(`${W}/weighting?done=weighted`);
      expect(s.weighting.run).toHaveBeenCalledWith(actorArg(), wave, {
        maxIterations: 50,
        epsilon: 0.001,
        trim: { low: 0.3, high: 4 },
      });
      s.weighting.run.mockRejectedValueOnce(
        new DomainError('survey.weighting.errors.raking', 'run', { message: 'did not converge' }),
      );
      const fail = await r.client.post(`${W}/weighting/run`, { maxIterations: '50', epsilon: '0.001' });
      expect(fail.statusCode).toBe(400);
      expect(fail.body).toContain('The weighting could not be done: did not converge');
    });
  });

  describe('results', () => {
    it('shows the headline, wards (small ones suppressed) and settings to a manager', async () => {
      const { s, r } = await build();
      const page = await r.client.get(`${W}/results?question=mixing_ok&published=12`);
      expect(page.statusCode).toBe(200);
      expect(page.body).toMatch(/id="headline-value">73%</);
      expect(page.body).toContain('Abbey');
      expect(page.body).toContain('Too few responses');
      expect(page.body).toContain('12');
      expect(s.results.results).toHaveBeenCalledWith(r.council, wave, 'mixing_ok', null, 'en');
    });

    it('words a change in percentage points with a true minus sign, "no change" for nothing, and offers no publishing without responses', async () => {
      const { s, r } = await build();
      const change = (difference: number) => ({ difference, se: 0.01, z: 0, pValue: 0.5, significant: false });
      s.results.results.mockResolvedValueOnce({
        ...results,
        change: {
          previous: { ...wave, name: 'Autumn 2025' },
          comparable: true,
          overall: change(-0.012),
          previousOverall: est(0.74),
          wards: new Map([
            ['X05000001', change(0.004)],
            ['X05000002', change(0.031)],
          ]),
        },
      });
      const page = await r.client.get(`${W}/results?question=mixing_ok`);
      expect(page.body).toContain('−1 percentage point (');
      expect(page.body).toContain('no change (');
      expect(page.body).toContain('+3 percentage points (');
      expect(page.body).not.toMatch(/[+-]0 points|-1 points/);
      expect(page.body).toContain('Publish results');
      s.results.results.mockResolvedValueOnce({ ...results, overall: est(null, 0) });
      const empty = await r.client.get(`${W}/results?question=mixing_ok`);
      expect(empty.body).not.toContain('Publish results');
      expect(empty.body).toContain('There are no responses to publish yet.');
    });

    it('marks the staff-typed question and benchmark inside the chart lang="en" on a Welsh page', async () => {
      const { s, r } = await build('viewer');
      s.waves.questionnaire.mockResolvedValue([agree, wardQuestion, sexQuestion]);
      s.results.results.mockResolvedValue({
        ...results,
        groups: [
          { code: 'female', label: 'Female', estimate: est(0.7) },
          { code: 'male', label: 'Male', estimate: est(0.6) },
        ],
        groupBy: 'sex',
        benchmark: { value: 0.82, label: 'Community Life Survey', comparison: null },
      });
      r.client.cookies.set('co_lang', 'cy');
      const page = await r.client.get(`${W}/results?question=mixing_ok&by=sex`);
      expect(page.statusCode).toBe(200);
      const svg = /<svg[^>]*id="survey-group-bars"[\s\S]*?<\/svg>/.exec(page.body)?.[0] ?? '';
      // The chart's accessible name: Welsh words around the English question, which carries its language.
      expect(svg).toMatch(/<title id="survey-group-bars-title"><span lang="en">Do people here mix well\?/);
      expect(svg).toContain('<tspan lang="en">Community Life Survey</tspan>');
      expect(page.body).not.toMatch(/[\uE000-\uE002]/);
      // The caption under the chart (its summary) marks the benchmark's name too.
      const caption = /<figcaption[\s\S]*?<\/figcaption>/.exec(
        page.body.slice(page.body.indexOf('survey-group-bars')),
      )?.[0];
      expect(caption).toContain('<span lang="en">Community Life Survey</span>');
      // Outside lang="en", no English wording is left in the chart.
      const unmarkedText = svg.replace(/<(span|tspan) lang="en">[^<]*<\/\1>/g, '');
      expect(unmarkedText).not.toContain('mix well');
      expect(unmarkedText).not.toContain('Community Life Survey');
    });

    it('downloads CSV and JSON through the audited download, keeping suppressed cells empty', async () => {
      const { s, r } = await build('viewer');
      const csv = await r.client.get(`${W}/results?question=mixing_ok&format=csv`);
      expect(csv.statusCode).toBe(200);
      expect(csv.headers['content-type']).toContain('text/csv');
      const [head, ...rows] = parse(csv.body) as string[][];
      const cell = (row: string[], header: string) => row[head.indexOf(header)];
      const bridge = rows.find((l) => l.includes('X05000002')) ?? [];
      expect(cell(bridge, 'Too few responses to show')).toBe('Yes');
      expect(cell(bridge, 'Estimate (%)')).toBe('');
      expect(cell(bridge, '95% confidence interval, lower limit (%)')).toBe('');
      expect(s.results.download).toHaveBeenCalledWith(actorArg(), wave, 'mixing_ok', null, 'csv', 'en');
      const json = await r.client.get(`${W}/results?format=json`);
      const body = JSON.parse(json.body) as { unit: string; columns: Record<string, string>; results: unknown[] };
      expect(body.unit).toBe('percent');
      expect(body.columns.estimate).toBe('Estimate (%)');
      expect(body.results[0]).toMatchObject({ breakdown: 'Whole council', estimate: 73, code: 'X08000001' });
      s.results.download.mockResolvedValueOnce(null);
      expect((await r.client.get(`${W}/results?format=csv`)).statusCode).toBe(404);
    });

    it('writes every figure of the results page in the download, one unit per column, with human headers', async () => {
      const { s, r } = await build('viewer');
      const change = (difference: number, significant = false) => ({
        difference,
        se: 0.02,
        z: 1,
        pValue: 0.3,
        significant,
      });
      const full = {
        ...results,
        groups: [{ code: 'female', label: 'Female', estimate: est(0.7) }],
        groupBy: 'sex',
        benchmark: {
          value: 0.82,
          label: 'Community Life Survey',
          comparison: { difference: -0.09, outsideCi: true, verdict: 'below' as const },
        },
        change: {
          previous: { ...wave, name: 'Autumn 2025' },
          comparable: true,
          overall: change(-0.0123, true),
          previousOverall: est(0.7423),
          wards: new Map([['X05000001', change(0.031)]]),
        },
      };
      s.results.download.mockResolvedValue(full);
      s.waves.questionnaire.mockResolvedValue([agree, wardQuestion, sexQuestion]);
      const res = await r.client.get(`${W}/results?question=mixing_ok&by=sex&format=csv`);
      const [head, ...rows] = parse(res.body) as string[][];
      expect(head).toEqual([
        'Survey',
        'Wave',
        'Period',
        'Question code',
        'Question',
        'Breakdown',
        'Area or group',
        'Area code (GSS) or answer code',
        'Respondents',
        'Estimate (%)',
        'Standard error (percentage points)',
        '95% confidence interval, lower limit (%)',
        '95% confidence interval, upper limit (%)',
        'Too few responses to show',
        'Previous wave',
        'Comparable with previous wave (same wording)',
        'Previous wave estimate (%)',
        'Change since previous wave (percentage points)',
        'Change significant (95% level)',
        'Benchmark source',
        'Benchmark (%)',
        'Compared with the benchmark',
        'Weighted to the population',
        'Fewest respondents for an estimate',
      ]);
      // No internal-only columns: no true/false, no 0–1 proportions, no "dimension" codes.
      expect(res.body).not.toMatch(/\btrue\b|\bfalse\b|dimension/);
      const row = (code: string) => Object.fromEntries(head.map((h, i) => [h, rows.find((x) => x[7] === code)?.[i]]));
      expect(row('X08000001')).toMatchObject({
        Survey: 'Neighbourhood pulse',
        Breakdown: 'Whole council',
        'Estimate (%)': '73',
        'Standard error (percentage points)': '3',
        '95% confidence interval, lower limit (%)': '67',
        'Previous wave': 'Autumn 2025',
        'Previous wave estimate (%)': '74.2',
        'Change since previous wave (percentage points)': '-1.2',
        'Change significant (95% level)': 'Yes',
        'Benchmark source': 'Community Life Survey',
        'Benchmark (%)': '82',
        'Compared with the benchmark': 'Below',
        'Weighted to the population': 'No',
        'Fewest respondents for an estimate': '30',
      });
      expect(row('X05000001')).toMatchObject({
        Breakdown: 'Ward',
        'Area or group': 'Abbey',
        'Change since previous wave (percentage points)': '3.1',
        'Change significant (95% level)': 'No',
        'Benchmark (%)': '',
      });
      expect(row('female')).toMatchObject({
        Breakdown: 'Sex',
        'Area or group': 'Female',
        'Estimate (%)': '70',
        'Change since previous wave (percentage points)': '',
      });

      // Welsh page, Welsh headers and words; a scale question's columns are in score points.
      r.client.cookies.set('co_lang', 'cy');
      s.results.download.mockResolvedValue({ ...full, measure: 'mean', overall: est(6.4567) });
      const cy = parse((await r.client.get(`${W}/results?question=mixing_ok&by=sex&format=csv`)).body) as string[][];
      expect(cy[0]).toContain('Amcangyfrif (sgôr cymedrig)');
      expect(cy[0]).toContain('Newid ers y cylch blaenorol (pwyntiau sgôr)');
      expect(cy[1][cy[0].indexOf('Dadansoddiad')]).toBe('Y cyngor cyfan');
      expect(cy[1][cy[0].indexOf('Amcangyfrif (sgôr cymedrig)')]).toBe('6.46');
      expect(cy[1][cy[0].indexOf('Newid arwyddocaol (lefel 95%)')]).toBe('Ie');
    });

    it('sets the minimum base and a benchmark, and publishes, each as the member', async () => {
      const { s, r } = await build();
      const badMin = await r.client.post(`${W}/results/settings`, { minN: '5' });
      expect(badMin.statusCode).toBe(400);
      expect(badMin.body).toContain('Enter a whole number from 10 to 1,000');
      expect(s.waves.setMinN).not.toHaveBeenCalled();
      expect((await r.client.post(`${W}/results/settings`, { minN: '50' })).statusCode).toBe(303);
      expect(s.waves.setMinN).toHaveBeenCalledWith(actorArg(), WAVE_ID, 50);
      const bm = { benchmarkQuestion: 'mixing_ok', benchmarkValue: '82', benchmarkLabel: 'National' };
      const nul = await r.client.post(`${W}/benchmarks`, { ...bm, benchmarkLabel: 'Nat\u0000ional' });
      expect(nul.statusCode).toBe(400);
      expect(nul.body).toContain('control characters');
      expect(s.results.setBenchmark).not.toHaveBeenCalled();
      s.results.setBenchmark.mockRejectedValueOnce(new DomainError('survey.results.errors.percent', 'benchmarkValue'));
      const rule = await r.client.post(`${W}/benchmarks`, { ...bm, benchmarkValue: '182' });
      expect(rule.body).toContain('Enter a percentage from 0 to 100');
      const ok = await r.client.post(`${W}/benchmarks`, bm);
      expect(ok.statusCode).toBe(303);
      expect(s.results.setBenchmark).toHaveBeenLastCalledWith(actorArg(), wave, 'mixing_ok', 82, 'National');
      const pub = await r.client.post(`${W}/publish`);
      expect(pub.headers.location).toBe(`${W}/results?published=12`);
      expect(s.publication.publish).toHaveBeenCalledWith(actorArg(), wave);
      s.publication.publish.mockRejectedValueOnce(new DomainError('survey.results.errors.nothingToPublish', 'publish'));
      const none = await r.client.post(`${W}/publish`);
      expect(none.statusCode).toBe(400);
      expect(none.body).toContain('There are no results to publish yet');
    });
  });

  describe('addresses and roles', () => {
    it.each([
      `${STAFF}/not-a-uuid`,
      `${STAFF}/waves/not-a-uuid`,
      `${STAFF}/waves/not-a-uuid/results`,
      `${STAFF}/questions/not-a-uuid`,
      `${W}/import/not-a-uuid`,
    ])('answers 404 for %s before any service call', async (url) => {
      const { s, r } = await build();
      expect((await r.client.get(url)).statusCode).toBe(404);
      expect(s.waves.survey).not.toHaveBeenCalled();
      expect(s.waves.wave).not.toHaveBeenCalled();
      expect(s.bank.question).not.toHaveBeenCalled();
    });

    it('answers 404 for an unknown wave, survey, question or upload of the council', async () => {
      const { r } = await build();
      const unknown = '00000000-0000-4000-8000-000000000999';
      for (const url of [
        `${STAFF}/${unknown}`,
        `${STAFF}/waves/${unknown}`,
        `${STAFF}/questions/${unknown}`,
        `${W}/import/${unknown}`,
      ])
        expect((await r.client.get(url)).statusCode, url).toBe(404);
    });

    it('refuses a viewer every manage page and form with 403, calling no service', async () => {
      const { s, r } = await build('viewer');
      for (const url of [
        `${STAFF}/new`,
        `${W}/questionnaire`,
        `${W}/import`,
        `${W}/weighting`,
        `${STAFF}/questions/new`,
      ])
        expect((await r.client.get(url)).statusCode, url).toBe(403);
      for (const url of [`${STAFF}/new`, `${W}/status`, `${W}/publish`, `${W}/weighting/run`, `${W}/benchmarks`])
        expect((await r.client.post(url, { name: 'x', status: 'open' })).statusCode, url).toBe(403);
      expect(s.waves.createSurvey).not.toHaveBeenCalled();
      expect(s.waves.setStatus).not.toHaveBeenCalled();
      expect(s.publication.publish).not.toHaveBeenCalled();
      expect(s.weighting.margins).not.toHaveBeenCalled();
      // A viewer still reads the pages survey.view allows.
      expect((await r.client.get(`${W}/results`)).statusCode).toBe(200);
      expect((await r.client.get(`${STAFF}/questions`)).statusCode).toBe(200);
    });
  });
});
