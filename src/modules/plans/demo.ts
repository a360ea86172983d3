/**
 * The demo council's plan, built on its own data: Cantle's domains; outcomes measured by its census and survey
 * indicators; actions raised from its most tense ward (the first the tensions module offers) and its open
 * trigger event, assigned to its partner organisations; and two quarters of progress updates. Seeds once: it
 * does nothing when the council already has a plan. Every name is fictional.
 */
import { translator } from '../../i18n/index.ts';
import { systemActor, type Council } from '../../kernel/actor.ts';
import * as repo from './repository/index.ts';
import type { PlansContext } from './services/context.ts';
import type { PlansServices } from './services/index.ts';
import type { ActionInput } from './services/actions.ts';

const DAY = 86_400_000;
const iso = (d: Date) => d.toISOString().slice(0, 10);

export async function seedPlansDemo(ctx: PlansContext, services: PlansServices, council: Council): Promise<void> {
  if ((await services.plans.list(council)).length) return;
  const actor = systemActor(council, 'demo');
  const now = ctx.clock();
  const year = now.getUTCFullYear();
  const planId = await services.plans.create(
    actor,
    {
      title: `Demoshire Local Integration Plan ${year}–${year + 2} (fictional)`,
      periodStart: `${year}-01-01`,
      periodEnd: `${year + 2}-12-31`,
    },
    translator('en'),
  );
  const s = await services.plans.structure(council, planId);
  if (!s) return;
  const [arrivals, together, narrative, , economic] = s.domains;
  const [ward] = await ctx.links.options(actor, 'tensions.ward');
  const [event] = await ctx.links.options(actor, 'tensions.event');
  const wardName = ward?.label ?? council.name;
  const o1 = await services.plans.addOutcome(actor, together.id, {
    title: `People from different backgrounds get on well together in ${wardName}`,
    description: 'Raised after tension rose in the ward (fictional).',
  });
  const o2 = await services.plans.addOutcome(actor, narrative.id, {
    title: 'Rumours are answered quickly with the facts',
    description: '',
  });
  const o3 = await services.plans.addOutcome(actor, arrivals.id, {
    title: 'New arrivals can speak and learn English',
    description: '',
  });
  await services.plans.addOutcome(actor, economic.id, {
    title: 'More residents from every community in work',
    description: '',
  });

  // Measures on the council's own indicators: English proficiency (census) and a survey question.
  const indicators = await ctx.insight.definitions.list(council);
  const english = indicators.find((d) => d.code === 'lg_inform.english_proficiency' && d.value_count > 0);
  const survey = indicators.find((d) => d.framework === 'survey' && d.value_count > 0 && d.higher_is_better !== null);
  const areaCode = ward?.id ?? council.areaCode;
  const measure = async (
    outcomeId: string,
    def: { code: string; higher_is_better: boolean | null } | undefined,
    areas: string[],
  ) => {
    if (!def || !areas.length) return;
    const row = await ctx.insight.definitions.find(council, def.code);
    if (!row) return;
    const view = await ctx.insight.trends.indicatorView(council, row, areas[0]);
    const first = view.values.filter((v) => v.group_code === 'all' && !v.suppressed)[0];
    if (!first) return;
    const better = def.higher_is_better === false ? -1 : 1;
    await services.measures.add(actor, outcomeId, {
      indicatorCode: def.code,
      areaCodes: areas,
      clusterId: null,
      baselinePeriod: first.period,
      baselineValue: first.value,
      targetValue: Math.round(first.value * (1 + better * 0.1) * 1000) / 1000,
      targetDate: `${year + 2}-12-31`,
      direction: better > 0 ? 'increase' : 'decrease',
    });
  };
  await measure(o3, english, areaCode ? [areaCode] : []);
  await measure(o1, survey, areaCode ? [areaCode] : []);

  const organisations = await ctx.admin.organisations(council.id);
  const org = (name: string) => organisations.find((o) => o.name.startsWith(name))?.id ?? null;
  const officer = (await repo.listMembers(ctx.db, council.id)).find((m) => m.role === 'officer')?.id ?? null;
  const day = (n: number) => iso(new Date(now.getTime() + n * DAY));
  const action = (o: Partial<ActionInput> & Pick<ActionInput, 'outcomeId' | 'title'>): ActionInput => ({
    description: '',
    ownerUserId: officer,
    organisationId: null,
    leadOfficer: 'Olu Officer (demo)',
    areaCodes: areaCode && ward ? [areaCode] : [],
    startOn: day(-120),
    dueOn: day(60),
    budget: null,
    status: 'in_progress',
    rag: 'green',
    ragReason: '',
    progress: 0,
    weight: 1,
    ...o,
  });
  const plan: { input: ActionInput; signal: { kind: string; id: string } | null; history: [number, number][] }[] = [
    {
      input: action({
        outcomeId: o1,
        title: `Joint police and youth service patrols in ${wardName} (fictional)`,
        organisationId: org('Demoshire Police'),
        budget: 12000,
        progress: 60,
        rag: 'amber',
        ragReason: 'Fewer youth workers than planned over the summer (fictional).',
      }),
      signal: ward ? { kind: 'tensions.ward', id: ward.id } : null,
      history: [
        [-100, 20],
        [-10, 45],
      ],
    },
    {
      input: action({
        outcomeId: o1,
        title: `Neighbour mediation on the estates of ${wardName} (fictional)`,
        organisationId: org('Demoshire Homes'),
        budget: 8000,
        progress: 35,
        dueOn: day(-5),
      }),
      signal: ward ? { kind: 'tensions.ward', id: ward.id } : null,
      history: [
        [-80, 10],
        [-12, 30],
      ],
    },
    {
      input: action({
        outcomeId: o2,
        title: 'Rapid rebuttal of rumours about the hotel with faith leaders (fictional)',
        organisationId: org('Demoshire Interfaith'),
        status: 'completed',
        progress: 100,
        rag: null,
        dueOn: day(-20),
      }),
      signal: event ? { kind: 'tensions.event', id: event.id } : null,
      history: [
        [-95, 50],
        [-25, 100],
      ],
    },
    {
      input: action({
        outcomeId: o3,
        title: 'Free English conversation clubs in libraries (fictional)',
        organisationId: org('Demoshire Volunteer'),
        budget: 5000,
        progress: 25,
        weight: 2,
      }),
      signal: null,
      history: [
        [-90, 5],
        [-15, 20],
      ],
    },
  ];
  for (const p of plan) {
    const id = await services.actions.create(actor, p.input, p.signal);
    // Two quarters of progress, backdated (the service stamps the current time).
    for (const [days, progress] of p.history)
      await repo.insertUpdate(ctx.db, council.id, {
        actionId: id,
        userId: officer,
        note: `Progress update (fictional).`,
        status: progress === 100 ? 'completed' : 'in_progress',
        rag: p.input.rag,
        progress,
        at: new Date(now.getTime() + days * DAY),
      });
    if (p.input.status === 'completed')
      await ctx.db.query(`update plan_actions set completed_on = $3 where council_id = $1 and id = $2`, [
        council.id,
        id,
        day(-25),
      ]);
  }
  await services.plans.update(actor, planId, {
    title: s.plan.title,
    periodStart: s.plan.period_start,
    periodEnd: s.plan.period_end,
    status: 'active',
    published: true,
  });
}
