/**
 * Demo data (all fictional): "Shared Tables", a mixing programme of monthly shared meals in two of the demo
 * council's wards, evaluated twice —
 * 1. participants' belonging before and after against a matched comparison group (generated answers in which
 *    taking part raises belonging), analysed and concluded;
 * 2. a difference-in-differences on the council's residents' survey, the waves of two years ago and last year
 *    with their raking weights, the programme's two wards against the rest, and the wave of three years ago
 *    for an event study whose pre-trend check feeds the evidence label. The survey demo builds in no programme effect; the
 *    wards differ through its generated ward effects. With only two programme wards the clustered interval is
 *    too narrow, and the finding says so.
 * Both are linked to the demo plan's outcome "People from different backgrounds get on well together", so the
 * outcome page shows their estimates and evidence labels.
 * Seeded once through the module's own services, as the demo actor; skipped when the council has evaluations.
 */
import { systemActor, type Council } from '../../kernel/actor.ts';
import type { EvaluationDeps } from './services/context.ts';
import { wardsOf } from './services/context.ts';
import type { EvaluationServices } from './services/index.ts';
import { participantCsv } from './testing.ts';

const THEORY = {
  inputs: [
    'Community grant of £24,000 (fictional)',
    'Two part-time organisers',
    'Volunteer cooks',
    'Halls of two faith groups',
  ],
  activities: ['Monthly shared meals for 40 neighbours', 'Table hosts mix people from different backgrounds'],
  outputs: ['24 meals over a year', 'About 200 residents taking part'],
  outcomes: ['Participants meet people from other backgrounds', 'Participants feel they belong to the neighbourhood'],
  impact: ['Wards where people from different backgrounds get on well together'],
  assumptions: [
    'People from different backgrounds come to the same meals',
    'Meeting over a meal leads to lasting acquaintance',
  ],
};

export async function seedEvaluationDemo(deps: EvaluationDeps, services: EvaluationServices, council: Council) {
  const { evaluations, data, analysis } = services;
  if ((await evaluations.list(council)).length > 0) return;
  const wards = await wardsOf(deps, council.areaCode);
  if (wards.length < 3) return;
  const chosen = wards.slice(0, 2);
  const actor = systemActor(council, 'demo');
  const names = chosen.map((w) => w.name).join(' and ');
  // The plan outcome the programme serves (the demo plan's "get on well together" outcome, found through the
  // link registry, so the outcome shows its evaluations): none when the plans module is not there.
  const outcomes = await deps.links.options(actor, 'plan.outcome');
  const outcome = outcomes.find((o) => /get on well together/i.test(o.label)) ?? outcomes[0];
  const links = outcome ? [{ kind: 'plan.outcome', id: outcome.id }] : [];

  const matched = await evaluations.create(actor, {
    title: 'Shared Tables: participants and a matched comparison (fictional)',
    summary: `Monthly shared meals in ${names}. Participants answered the belonging question when they joined and a year later; so did residents of the same wards who did not take part.`,
    design: 'matched-did',
    outcomeCode: 'belonging',
    links,
  });
  await evaluations.setTheory(actor, matched, THEORY);
  await evaluations.setPlan(actor, matched, {
    questions: ['Did taking part raise the share of participants who feel they belong to their neighbourhood?'],
    dataSources: [
      'Participant questionnaire at joining and after a year',
      'Comparison questionnaire from the same wards',
    ],
    nTreated: 200,
    nControl: 500,
    baseline: 0.55,
    icc: 0.02,
    clusterSize: 10,
    correlation: 0.5,
  });
  const file = participantCsv(
    20260,
    200,
    500,
    0.9,
    chosen.map((w) => w.code),
  );
  const imported = await data.importParticipants(actor, matched, Buffer.from(file));
  if (!imported.ok) throw new Error(`the demo participant file was refused: ${imported.problems[0]?.key}`);
  await analysis.run(actor, matched);
  await analysis.conclude(actor, matched);

  // The closed survey waves by period (three years ago, two, and last year, when the survey demo made them):
  // the DiD compares two years ago (before) with last year (after), and the wave before that is an event
  // study's check of the trends before the programme.
  // Only waves that asked the belonging question count (the demo's other surveys, such as the network survey,
  // ask other things).
  const waves: Record<string, string> = {};
  for (const s of await deps.survey.waves.surveys(council))
    for (const w of await deps.survey.waves.waves(council, s.id))
      if (
        !waves[w.period] &&
        w.status === 'closed' &&
        (await deps.survey.results.respondents(council, w.id, 'belonging'))?.length
      )
        waves[w.period] = w.id;
  const periods = Object.keys(waves).sort();
  const [before, after] = periods.slice(-2);
  const earlier = periods.slice(0, -2);
  const did = await evaluations.create(actor, {
    title: 'Shared Tables: residents’ survey, programme wards against the rest (fictional)',
    summary: `Whether belonging changed more in ${names} than in the council's other wards between the ${before ?? ''} and ${after ?? ''} residents' surveys, with the ${earlier.join(' and ') || 'earlier'} survey to check the trends before the programme.`,
    design: 'did',
    outcomeCode: 'belonging',
    links,
  });
  await evaluations.setTheory(actor, did, THEORY);
  if (before && after) {
    await evaluations.setPlan(actor, did, {
      questions: ['Did belonging rise more in the programme wards than elsewhere?'],
      dataSources: [`Residents' survey ${[...earlier, before, after].join(', ')}, raking weights`],
      nTreated: 250,
      nControl: 2500,
      baseline: 0.6,
      wardCodes: chosen.map((w) => w.code),
      preWaveId: waves[before],
      postWaveId: waves[after],
      extraWaveIds: earlier.map((p) => waves[p]),
    });
    await analysis.run(actor, did);
  }
}
