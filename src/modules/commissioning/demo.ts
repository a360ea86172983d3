/**
 * The demo council's commissioning: a ward-cluster cohesion fund over its first wards, the commissioning
 * checklist answered for the analyse and plan stages, grants to its partner organisations (with fictional
 * org-ids) and monitoring returns for the last two quarters. Every name and number is invented. Seeds once:
 * it does nothing when the council already has a programme.
 */
import { systemActor, type Council } from '../../kernel/actor.ts';
import type { CommissioningServices } from './services/index.ts';
import { wardsOf, type CommissioningContext } from './services/context.ts';

const DAY = 86_400_000;
const day = (d: Date) => d.toISOString().slice(0, 10);
/** The quarter a date falls in, as 2026-Q3, and the one before it. */
function quarter(d: Date, back = 0): string {
  const q = d.getUTCFullYear() * 4 + Math.floor(d.getUTCMonth() / 3) - back;
  return `${Math.floor(q / 4)}-Q${(q % 4) + 1}`;
}

/** Fictional register entries for the demo's partner organisations (numbers chosen to be unlike real ones). */
const RECIPIENTS: Record<string, { orgIdentifier: string; charityNumber: string; companyNumber: string }> = {
  'Demoshire Volunteer Centre (fictional)': {
    orgIdentifier: 'GB-CHC-9990001',
    charityNumber: '9990001',
    companyNumber: '',
  },
  'Demoshire Interfaith Forum (fictional)': {
    orgIdentifier: 'GB-CHC-9990002',
    charityNumber: '9990002',
    companyNumber: '',
  },
  'Demoshire Homes (fictional)': { orgIdentifier: 'GB-COH-99900001', charityNumber: '', companyNumber: '99900001' },
  'Northgate Academy (fictional)': { orgIdentifier: 'GB-COH-99900002', charityNumber: '', companyNumber: '99900002' },
};

const GRANTS = [
  {
    org: 'Demoshire Volunteer Centre (fictional)',
    title: 'Good neighbours volunteering across the cluster (fictional)',
    description: 'Volunteering teams mixing long-standing residents and newcomers on shared local projects.',
    amount: 18500,
    measure: { name: 'Volunteers from different backgrounds taking part', unit: 'people', target: 120 },
    values: [46, 71],
  },
  {
    org: 'Demoshire Interfaith Forum (fictional)',
    title: 'Open doors: faith buildings open days (fictional)',
    description: 'Monthly open days and shared meals at places of worship, with schools invited.',
    amount: 9200,
    measure: { name: 'Visitors to open days', unit: 'people', target: 600 },
    values: [180, 265],
  },
  {
    org: 'Northgate Academy (fictional)',
    title: 'School linking between Northgate and Riverside (fictional)',
    description: 'Pupils from two schools with different intakes meet for joint lessons and projects.',
    amount: 12000,
    measure: { name: 'Pupils in linked classes', unit: 'pupils', target: 240 },
    values: [120, 236],
  },
  {
    org: 'Demoshire Homes (fictional)',
    title: 'Estate conversations and conflict resolution (fictional)',
    description: 'Trained mediators and resident-led conversations on two estates with neighbour disputes.',
    amount: 15750,
    measure: { name: 'Neighbour disputes resolved through mediation', unit: 'disputes', target: 40 },
    values: [9, 17],
  },
  {
    org: 'Demoshire Police (fictional)',
    title: 'Youth engagement football league (fictional)',
    description: 'A mixed-team football league run with neighbourhood officers and youth workers.',
    amount: 4500,
    measure: { name: 'Young people in mixed teams', unit: 'people', target: 80 },
    values: [32, 58],
  },
];

const ANSWERS: Record<string, { answer: string; evidence: string }> = {
  'analyse.needsDiversity': {
    answer: 'The needs analysis uses ward-level census ethnic group counts and the residents survey by ward.',
    evidence: 'Ward profiles and the residents survey results (fictional).',
  },
  'analyse.vision': {
    answer: 'People from different backgrounds mixing and trusting each other in the cluster’s shared spaces.',
    evidence: 'Cohesion strategy agreed by cabinet (fictional).',
  },
  'analyse.serviceOutcomes': {
    answer: 'Grants fund activities that bring people together rather than single-group services.',
    evidence: 'Fund prospectus (fictional).',
  },
  'analyse.recommission': {
    answer: 'Youth provision and tenancy support could be recommissioned with mixing built in.',
    evidence: '',
  },
  'plan.communitiesIncluded': {
    answer: 'A residents’ panel from each ward helped write the fund criteria.',
    evidence: 'Panel notes (fictional).',
  },
  'plan.gapAnalysis': {
    answer: 'Belonging and mixing are lowest in the cluster; the fund targets those wards first.',
    evidence: 'Survey results and tension picture (fictional).',
  },
};

export async function seedCommissioningDemo(
  ctx: CommissioningContext,
  services: CommissioningServices,
  council: Council,
) {
  if ((await services.programmes.list(council)).length > 0) return;
  const actor = systemActor(council, 'demo');
  const now = ctx.clock();
  const wards = (await wardsOf(ctx, council)).slice(0, 4).map((w) => w.code);
  const start = new Date(now.getTime() - 200 * DAY);
  const programmeId = await services.programmes.create(actor, {
    code: 'WCCF',
    name: 'Ward cluster cohesion fund (fictional)',
    description: 'Small grants for projects that bring people from different backgrounds together in the cluster.',
    budget: 75000,
    startsOn: day(start),
    endsOn: day(new Date(start.getTime() + 730 * DAY)),
    areas: wards,
    status: 'open',
  });
  await services.programmes.saveStage(actor, programmeId, 'analyse', ANSWERS, 'achieving');
  await services.programmes.saveStage(actor, programmeId, 'plan', ANSWERS, 'developing');
  const organisations = await ctx.admin.organisations(council.id);
  const orgId = (name: string) => organisations.find((o) => o.name === name)?.id;
  for (const [name, details] of Object.entries(RECIPIENTS)) {
    const id = orgId(name);
    if (id) await services.grants.saveRecipient(actor, id, details);
  }
  for (const [i, g] of GRANTS.entries()) {
    const recipientId = orgId(g.org);
    if (!recipientId) continue;
    const awarded = new Date(start.getTime() + (20 + 7 * i) * DAY);
    const grantId = await services.grants.create(actor, {
      programmeId,
      recipientId,
      title: g.title,
      description: g.description,
      amount: g.amount,
      awardDate: day(awarded),
      plannedStart: day(new Date(awarded.getTime() + 14 * DAY)),
      plannedEnd: day(new Date(awarded.getTime() + 379 * DAY)),
      areas: wards.length ? [wards[i % wards.length]].sort() : [],
      status: 'active',
      links: [],
    });
    await services.grants.addMeasure(actor, grantId, g.measure);
    const [measure] = (await services.grants.detail(actor, grantId))?.measures ?? [];
    if (!measure) continue;
    for (const [back, value] of [
      [2, g.values[0]],
      [1, g.values[1]],
    ] as const)
      await services.grants.submitReturn(actor, grantId, {
        measureId: measure.id,
        period: quarter(now, back),
        value,
        narrative: `Progress report for ${quarter(now, back)} (fictional).`,
      });
  }
}
