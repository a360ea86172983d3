/** Plans, their domains and outcomes, ward clusters, the change history and copying a plan forward. */
import type { Actor, Council } from '../../../kernel/actor.ts';
import { DomainError } from '../../../kernel/errors.ts';
import type { Translate } from '../../../i18n/index.ts';
import { isCalendarDate } from '../../../lib/dates.ts';
import * as repo from '../repository/index.ts';
import { CANTLE_DOMAINS } from '../rules.ts';
import { ensureAllowed, recordChange, type PlansContext } from './context.ts';

export interface PlanInput {
  title: string;
  periodStart: string;
  periodEnd: string;
  status: 'draft' | 'active' | 'closed';
  published: boolean;
}

export interface PlanStructure {
  plan: repo.PlanRow;
  domains: repo.DomainRow[];
  outcomes: repo.OutcomeRow[];
  measures: repo.MeasureRow[];
  actions: repo.ActionRow[];
}

/** A plan's period: two dates that exist, the end after the start. */
function checkPeriod(p: { periodStart: string; periodEnd: string }): void {
  if (!isCalendarDate(p.periodStart)) throw new DomainError('plans.errors.date', 'periodStart');
  if (!isCalendarDate(p.periodEnd)) throw new DomainError('plans.errors.date', 'periodEnd');
  if (p.periodEnd <= p.periodStart) throw new DomainError('plans.errors.periodOrder', 'periodEnd');
}

export class PlansService {
  constructor(private readonly ctx: PlansContext) {}

  list(council: Pick<Council, 'id'>) {
    return repo.listPlans(this.ctx.db, council.id);
  }

  plan(council: Pick<Council, 'id'>, id: string) {
    return repo.findPlan(this.ctx.db, council.id, id);
  }

  /** A plan with everything under it, or undefined. */
  async structure(council: Pick<Council, 'id'>, id: string): Promise<PlanStructure | undefined> {
    const plan = await repo.findPlan(this.ctx.db, council.id, id);
    if (!plan) return undefined;
    const [domains, outcomes, measures, actions] = await Promise.all([
      repo.listDomains(this.ctx.db, council.id, id),
      repo.listOutcomes(this.ctx.db, council.id, id),
      repo.listMeasures(this.ctx.db, council.id, id),
      repo.listActions(this.ctx.db, council.id, { planId: id }),
    ]);
    return { plan, domains, outcomes, measures, actions };
  }

  /** A published plan and its council, for the public progress page; null when unknown or not published. */
  async published(slug: string, planId: string): Promise<{ council: Council; structure: PlanStructure } | null> {
    const council = await this.ctx.councils.bySlug(slug);
    if (!council) return null;
    const structure = await this.structure(council, planId);
    return structure?.plan.published ? { council, structure } : null;
  }

  changes(council: Pick<Council, 'id'>, planId: string) {
    return repo.listChanges(this.ctx.db, council.id, planId);
  }

  /** Creates a plan; with `template`, with Cantle's five domains (titles in the actor's language). */
  async create(actor: Actor, p: Omit<PlanInput, 'status' | 'published'>, template: Translate | null): Promise<string> {
    ensureAllowed(actor, 'plans.edit');
    checkPeriod(p);
    return this.ctx.db.transaction(async (tx) => {
      const id = await repo.insertPlan(tx, actor.council.id, p);
      await recordChange(this.ctx, tx, actor, {
        planId: id,
        recordType: 'plan',
        recordId: id,
        change: 'created',
        snapshot: p,
      });
      if (template) {
        let position = 0;
        for (const key of CANTLE_DOMAINS) {
          const d = {
            planId: id,
            title: template(`plans.cantle.${key}.title`),
            description: template(`plans.cantle.${key}.description`),
            position: position++,
          };
          const domainId = await repo.insertDomain(tx, actor.council.id, d);
          await recordChange(this.ctx, tx, actor, {
            planId: id,
            recordType: 'domain',
            recordId: domainId,
            change: 'created',
            snapshot: d,
          });
        }
      }
      return id;
    });
  }

  async update(actor: Actor, id: string, p: PlanInput): Promise<void> {
    ensureAllowed(actor, 'plans.edit');
    checkPeriod(p);
    await this.ctx.db.transaction(async (tx) => {
      if (!(await repo.findPlan(tx, actor.council.id, id))) throw new DomainError('errors.notFound');
      await repo.updatePlan(tx, actor.council.id, id, p);
      await recordChange(this.ctx, tx, actor, {
        planId: id,
        recordType: 'plan',
        recordId: id,
        change: 'updated',
        snapshot: p,
      });
    });
  }

  async addDomain(actor: Actor, planId: string, d: { title: string; description: string }): Promise<string> {
    ensureAllowed(actor, 'plans.edit');
    return this.ctx.db.transaction(async (tx) => {
      if (!(await repo.findPlan(tx, actor.council.id, planId))) throw new DomainError('errors.notFound');
      const position = (await repo.listDomains(tx, actor.council.id, planId)).length;
      const id = await repo.insertDomain(tx, actor.council.id, { planId, ...d, position });
      await recordChange(this.ctx, tx, actor, {
        planId,
        recordType: 'domain',
        recordId: id,
        change: 'created',
        snapshot: d,
      });
      return id;
    });
  }

  async editDomain(actor: Actor, id: string, d: { title: string; description: string }): Promise<string> {
    ensureAllowed(actor, 'plans.edit');
    return this.ctx.db.transaction(async (tx) => {
      const domain = await repo.findDomain(tx, actor.council.id, id);
      if (!domain) throw new DomainError('errors.notFound');
      await repo.updateDomain(tx, actor.council.id, id, d);
      await recordChange(this.ctx, tx, actor, {
        planId: domain.plan_id,
        recordType: 'domain',
        recordId: id,
        change: 'updated',
        snapshot: d,
      });
      return domain.plan_id;
    });
  }

  async addOutcome(actor: Actor, domainId: string, o: { title: string; description: string }): Promise<string> {
    ensureAllowed(actor, 'plans.edit');
    return this.ctx.db.transaction(async (tx) => {
      const domain = await repo.findDomain(tx, actor.council.id, domainId);
      if (!domain) throw new DomainError('errors.notFound');
      const position = (await repo.listOutcomes(tx, actor.council.id, domain.plan_id)).length;
      const id = await repo.insertOutcome(tx, actor.council.id, { planId: domain.plan_id, domainId, ...o, position });
      await recordChange(this.ctx, tx, actor, {
        planId: domain.plan_id,
        recordType: 'outcome',
        recordId: id,
        change: 'created',
        snapshot: { domainId, ...o },
      });
      return id;
    });
  }

  domain(council: Pick<Council, 'id'>, id: string) {
    return repo.findDomain(this.ctx.db, council.id, id);
  }

  outcome(council: Pick<Council, 'id'>, id: string) {
    return repo.findOutcome(this.ctx.db, council.id, id);
  }

  /** Every outcome of every plan of the council, with its plan's title (for pickers). */
  async allOutcomes(council: Pick<Council, 'id'>) {
    const plans = await this.list(council);
    const lists = await Promise.all(plans.map((p) => repo.listOutcomes(this.ctx.db, council.id, p.id)));
    return plans.flatMap((p, i) => lists[i].map((o) => ({ ...o, planTitle: p.title })));
  }

  /** The council's partner organisations (to assign actions to). */
  organisations(council: Pick<Council, 'id'>) {
    return this.ctx.admin.organisations(council.id);
  }

  clusters(council: Pick<Council, 'id'>) {
    return repo.listClusters(this.ctx.db, council.id);
  }

  async addCluster(actor: Actor, name: string, wardCodes: string[]): Promise<string> {
    ensureAllowed(actor, 'plans.edit');
    const wards = new Set((await this.wards(actor.council)).map((w) => w.code));
    if (!wardCodes.length || wardCodes.some((c) => !wards.has(c))) throw new DomainError('plans.errors.wards', 'wards');
    return this.ctx.db.transaction(async (tx) => {
      if ((await repo.listClusters(tx, actor.council.id)).some((c) => c.name === name))
        throw new DomainError('plans.errors.clusterTaken', 'name');
      const id = await repo.insertCluster(tx, actor.council.id, name, wardCodes);
      await this.ctx.audit.record(
        {
          councilId: actor.council.id,
          userId: actor.userId,
          action: 'plans.cluster_created',
          targetType: 'plan.cluster',
          targetId: id,
        },
        tx,
      );
      return id;
    });
  }

  /** The council's wards, by name. */
  async wards(council: Pick<Council, 'areaCode'>): Promise<{ code: string; name: string }[]> {
    if (!council.areaCode) return [];
    return (await this.ctx.geography.descendants(council.areaCode, 'ward')).map((w) => ({
      code: w.code,
      name: w.name,
    }));
  }

  /**
   * Copies a plan forward to a new period: domains, outcomes and measures (baselines kept, overrides cleared) and
   * the actions not yet completed or cancelled (progress, RAG and dates kept; milestones and notes stay behind).
   */
  async copyForward(actor: Actor, planId: string, p: { title: string; periodStart: string; periodEnd: string }) {
    ensureAllowed(actor, 'plans.edit');
    checkPeriod(p);
    const c = actor.council.id;
    return this.ctx.db.transaction(async (tx) => {
      const source = await repo.findPlan(tx, c, planId);
      if (!source) throw new DomainError('errors.notFound');
      const id = await repo.insertPlan(tx, c, { ...p, copiedFrom: planId });
      const domains = new Map<string, string>();
      for (const d of await repo.listDomains(tx, c, planId))
        domains.set(d.id, await repo.insertDomain(tx, c, { planId: id, ...d }));
      const outcomes = new Map<string, string>();
      for (const o of await repo.listOutcomes(tx, c, planId)) {
        const domainId = domains.get(o.domain_id);
        if (domainId) outcomes.set(o.id, await repo.insertOutcome(tx, c, { ...o, planId: id, domainId }));
      }
      for (const m of await repo.listMeasures(tx, c, planId)) {
        const outcomeId = outcomes.get(m.outcome_id);
        if (!outcomeId) continue;
        await repo.insertMeasure(tx, c, id, outcomeId, {
          indicatorCode: m.indicator_code,
          areaCodes: m.area_codes,
          clusterId: m.cluster_id,
          baselinePeriod: m.baseline_period,
          baselineValue: m.baseline_value,
          targetValue: m.target_value,
          targetDate: m.target_date,
          direction: m.direction,
        });
      }
      for (const a of await repo.listActions(tx, c, { planId })) {
        const outcomeId = outcomes.get(a.outcome_id);
        if (!outcomeId || a.status === 'completed' || a.status === 'cancelled') continue;
        await repo.insertAction(tx, c, id, a.reference, {
          outcomeId,
          title: a.title,
          description: a.description,
          ownerUserId: a.owner_user_id,
          organisationId: a.organisation_id,
          leadOfficer: a.lead_officer,
          areaCodes: a.area_codes,
          startOn: a.start_on,
          dueOn: a.due_on,
          budget: a.budget,
          status: a.status,
          rag: a.rag,
          ragReason: a.rag_reason,
          progress: a.progress,
          weight: a.weight,
          signalKind: a.signal_kind,
          signalId: a.signal_id,
        });
      }
      await recordChange(this.ctx, tx, actor, {
        planId: id,
        recordType: 'plan',
        recordId: id,
        change: 'copied',
        snapshot: { ...p, copiedFrom: planId },
      });
      return id;
    });
  }
}
