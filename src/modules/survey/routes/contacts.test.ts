import { afterEach, describe, expect, it } from 'vitest';
import type { RouteTestApp } from '../../../../test/helpers/routes.ts';
import {
  OWN_QUESTION_ID,
  STAFF,
  WAVE_ID,
  agree,
  contactsQuestion,
  draft,
  openWave,
  stubServices,
  surveyApp,
  WARDS,
  type Stubs,
} from '../testing/stubs.ts';

/** The name-generator question on stub services: staff add one; a resident fills its rows without JavaScript. */
describe('survey name-generator routes', () => {
  let r: RouteTestApp | undefined;
  afterEach(() => r?.close());

  describe('staff', () => {
    const form = {
      code: 'turn_to',
      kind: 'contacts',
      wording: 'Who do you turn to?',
      hint: '',
      options: '',
      positiveCount: '0',
      excludedCount: '0',
      maxContacts: '3',
      relationships: 'Family\nNeighbour\n\nOther',
      backgrounds: 'age_band',
      source: 'own',
    };
    const build = async (s: Stubs = stubServices()) => {
      r = await surveyApp(s, 'analyst');
      await r.client.get(STAFF);
      return { s, r };
    };

    it('offers the name generator with its defaults, and adds one with N, relationships and backgrounds', async () => {
      const { s, r } = await build();
      const page = await r.client.get(`${STAFF}/questions/new`);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('People they turn to (name generator)');
      expect(page.body).toMatch(/Family\s*\nFriend\s*\nNeighbour/);
      expect(page.body).toContain('name="backgrounds" type="checkbox" value="ethnic_group" checked');
      const ok = await r.client.post(`${STAFF}/questions/new`, form);
      expect(ok.statusCode).toBe(303);
      expect(ok.headers.location).toBe(`${STAFF}/questions/${OWN_QUESTION_ID}?added=1`);
      expect(s.bank.add).toHaveBeenCalledWith(
        expect.anything(),
        expect.objectContaining({
          kind: 'contacts',
          maxContacts: 3,
          relationships: ['Family', 'Neighbour', 'Other'],
          backgrounds: ['age_band'],
        }),
      );
    });

    it('refuses N outside 1–10 and fewer than two relationships, in the error summary', async () => {
      const { s, r } = await build();
      const bad = await r.client.post(`${STAFF}/questions/new`, {
        ...form,
        maxContacts: '11',
        relationships: 'Family',
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.body).toContain('govuk-error-summary');
      expect(bad.body).toContain('a whole number from 1 to 10');
      expect(bad.body).toContain('Enter at least 2 answers for how the respondent knows each person');
      expect(s.bank.add).not.toHaveBeenCalled();
    });
  });

  describe('respondent', () => {
    const S = `/s/${WAVE_ID}`;
    const Q = `${S}/questions/${contactsQuestion.version_id}`;
    const build = async (answers: Record<string, string> = { mixing_ok: 'yes' }) => {
      const s = stubServices();
      s.responding.questionnaire.mockResolvedValue({ questions: [agree, contactsQuestion], wards: WARDS });
      s.responding.draft.mockResolvedValue(draft(answers));
      r = await surveyApp(s);
      await r.client.get(S);
      return { s, r };
    };

    it('shows N rows of labelled inputs in fieldsets, with the stored answer selected and no label', async () => {
      const { r } = await build({
        mixing_ok: 'yes',
        turn_to: JSON.stringify([{ relationship: 'neighbour', age_band: '65_plus' }]),
      });
      const page = await r.client.get(Q);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Who do you turn to?');
      for (const n of [1, 2, 3]) {
        expect(page.body).toMatch(
          new RegExp(`<legend class="govuk-fieldset__legend govuk-fieldset__legend--m">\\s*Person ${n}\\s*</legend>`),
        );
        expect(page.body).toContain(`<label class="govuk-label" for="relationship_${n}">`);
      }
      expect(page.body).not.toContain('relationship_4');
      expect(page.body).toMatch(/<option value="neighbour" selected/);
      expect(page.body).toMatch(/<option value="65_plus" selected/);
      expect(page.body).toContain('We do not keep it');
    });

    it('stores the people named (codes only, never the labels) and goes on to the check page', async () => {
      const { s, r } = await build();
      const res = await r.client.post(Q, {
        label_1: 'JB',
        relationship_1: 'family',
        ethnic_group_1: 'asian',
        age_band_1: '16_24',
        label_2: '',
        relationship_2: '',
        relationship_3: 'neighbour',
        action: 'next',
      });
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe(`${S}/check`);
      expect(s.responding.answerContacts).toHaveBeenCalledWith(
        expect.objectContaining({ via: 'public' }),
        openWave,
        draft({ mixing_ok: 'yes' }),
        contactsQuestion,
        [
          { relationship: 'family', background: { ethnic_group: 'asian', age_band: '16_24' } },
          { relationship: 'neighbour', background: {} },
        ],
      );
      expect(JSON.stringify(s.responding.answerContacts.mock.calls)).not.toContain('JB');
      // Naming nobody is an answer.
      await r.client.post(Q, { action: 'next' });
      expect(s.responding.answerContacts).toHaveBeenLastCalledWith(
        expect.anything(),
        openWave,
        expect.anything(),
        contactsQuestion,
        [],
      );
    });

    it('shows each bad row in the error summary, keeps what was typed, and stores nothing', async () => {
      const { s, r } = await build();
      const res = await r.client.post(Q, {
        label_1: 'Auntie',
        relationship_2: 'stranger',
        relationship_3: 'family',
        ethnic_group_3: 'martian',
        action: 'next',
      });
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('govuk-error-summary');
      expect(res.body).toContain('href="#relationship_1">Select how you know person 1');
      expect(res.body).toContain('href="#relationship_2">Select one of the answers for person 2');
      expect(res.body).toContain('href="#ethnic_group_3">Select one of the answers for person 3');
      expect(res.body).toContain('value="Auntie"');
      const nul = await r.client.post(Q, { label_1: 'A\u0000', relationship_1: 'family', action: 'next' });
      expect(nul.statusCode).toBe(400);
      expect(nul.body).toContain('href="#label_1"');
      expect(s.responding.answerContacts).not.toHaveBeenCalled();
    });

    it('lists the people named on the check page, in the background labels of the page language', async () => {
      const { r } = await build({
        mixing_ok: 'yes',
        turn_to: JSON.stringify([{ relationship: 'family', ethnic_group: 'asian' }]),
      });
      const check = await r.client.get(`${S}/check`);
      expect(check.statusCode).toBe(200);
      expect(check.body).toContain('Person 1: Family, Asian or Asian British');
      const none = await build({ mixing_ok: 'yes', turn_to: '[]' });
      expect((await none.r.client.get(`${S}/check`)).body).toContain('Nobody named');
    });
  });
});
