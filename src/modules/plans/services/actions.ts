/**
 * Actions: raising one (from a signal or not), changing it, recording progress (partners only on their
 * organisation's), milestones, and the lists the overview and the action pages show.
 */
import type { Actor, Council } from '../../../kernel/actor.ts';
import { DomainError } from '../../../kernel/errors.ts';
import type { LinkRef } from '../../../kernel/links.ts';
import type { Queryable } from '../../../db/index.ts';
import { isCalendarDate } from '../../../lib/dates.ts';
import * as repo from '../repository/index.ts';
import { isAtRisk, isDueSoon, isOverdue, type ActionStatus, type Rag } from '../rules.ts';
import { actionScope, ensureAllowed, mayAct, recordChange, todayOf, type PlansContext } from './context.ts';

export type { ActionRow } from '../repository/index.ts';

export interface ActionReferences {
  members: Set<string>;
  organisations: Set<string>;
  areas: Set<string>;
}

export type ActionInput = Omit<repo.ActionFields, 'status' | 'rag'> & { status: ActionStatus; rag: Rag | null };

export interface ProgressInput {
  status: ActionStatus;
  rag: Rag | null;
  ragReason: string;
  progress: number;
  note: string;
}

/** Budgets are stored as numeric(14, 2): below a trillion pounds. */
const MAX_BUDGET = 1e12;

/** The signal kinds an action can be raised from (each owned by the module that holds the signal). */
export const SIGNAL_KINDS = ['tensions.ward', 'tensions.event', 'insight.gap', 'survey.result'] as const;

export class ActionsService {
  constructor(private readonly ctx: PlansContext) {}

  /** The action if the actor may see it (partners: only their organisation's), else undefined. */
  async action(actor: Actor, id: string): Promise<repo.ActionRow | undefined> {
    const a = await repo.findAction(this.ctx.db, actor.council.id, id);
    if (!a) return undefined;
    const scope = actionScope(actor);
    if (scope !== undefined && (scope === null || a.organisation_id !== scope)) return undefined;
    return a;
  }

  /** The actions the actor may see, of one plan or all. */
  list(actor: Actor, planId?: string): Promise<repo.ActionRow[]> {
    const scope = actionScope(actor);
    if (scope === null) return Promise.resolve([]);
    return repo.listActions(this.ctx.db, actor.council.id, { planId, organisationId: scope });
  }

  /** Actions raised from a signal, that the actor may see. */
  async fromSignal(actor: Actor, ref: LinkRef): Promise<repo.ActionRow[]> {
    const scope = actionScope(actor);
    const rows = await repo.actionsBySignal(this.ctx.db, actor.council.id, ref.kind, ref.id);
    return scope === undefined ? rows : rows.filter((a) => scope !== null && a.organisation_id === scope);
  }

  milestones(council: Pick<Council, 'id'>, actionId: string) {
    return repo.listMilestones(this.ctx.db, council.id, actionId);
  }

  updates(council: Pick<Council, 'id'>, actionId: string) {
    return repo.listUpdates(this.ctx.db, council.id, actionId);
  }

  /** Owners one may pick: the council's officers and administrators. */
  async owners(council: Pick<Council, 'id'>) {
    return (await repo.listMembers(this.ctx.db, council.id)).filter(mayOwn);
  }

  /** For the signed-in member: their open actions (owned, or their organisation's) that are due, overdue or at risk. */
  async mine(actor: Actor) {
    if (!actor.userId) return { due: [], overdue: [], atRisk: [] };
    const rows = await repo.listActions(this.ctx.db, actor.council.id, {});
    const today = todayOf(this.ctx);
    const own = rows.filter(
      (a) =>
        a.owner_user_id === actor.userId ||
        (actor.organisationId !== null && a.organisation_id === actor.organisationId),
    );
    const timing = (a: repo.ActionRow) => ({ status: a.status, dueOn: a.due_on, rag: a.rag });
    return {
      due: own.filter((a) => isDueSoon(timing(a), today)),
      overdue: own.filter((a) => isOverdue(timing(a), today)),
      atRisk: own.filter((a) => isAtRisk(timing(a), today) && !isOverdue(timing(a), today)),
    };
  }

  /**
   * What an action may refer to: the council's officers and administrators (as owners), partner organisations and areas (the council and its
   * wards). Read before a transaction opens (the embedded database serves one transaction at a time).
   */
  async references(actor: Actor): Promise<ActionReferences> {
    const c = actor.council;
    const [members, organisations, wards] = await Promise.all([
      repo.listMembers(this.ctx.db, c.id),
      this.ctx.admin.organisations(c.id),
      c.areaCode ? this.ctx.geography.descendants(c.areaCode, 'ward') : Promise.resolve([]),
    ]);
    return {
      members: new Set(members.filter(mayOwn).map((m) => m.id)),
      organisations: new Set(organisations.map((o) => o.id)),
      areas: new Set([...(c.areaCode ? [c.areaCode] : []), ...wards.map((w) => w.code)]),
    };
  }

  /** Checks an action's references against the council: its outcome, owner, organisation and areas. */
  private async validate(tx: Queryable, actor: Actor, a: ActionInput, refs: ActionReferences) {
    const outcome = await repo.findOutcome(tx, actor.council.id, a.outcomeId);
    if (!outcome) throw new DomainError('plans.errors.outcome', 'outcomeId');
    if (a.ownerUserId && !refs.members.has(a.ownerUserId)) throw new DomainError('plans.errors.owner', 'ownerUserId');
    if (a.organisationId && !refs.organisations.has(a.organisationId))
      throw new DomainError('plans.errors.organisation', 'organisationId');
    if (a.areaCodes.some((c) => !refs.areas.has(c))) throw new DomainError('plans.errors.areas', 'areaCodes');
    if (a.startOn && !isCalendarDate(a.startOn)) throw new DomainError('plans.errors.date', 'startOn');
    if (a.dueOn && !isCalendarDate(a.dueOn)) throw new DomainError('plans.errors.date', 'dueOn');
    if (a.budget !== null && !(a.budget >= 0 && a.budget < MAX_BUDGET))
      throw new DomainError('plans.errors.budget', 'budget');
    if (a.startOn && a.dueOn && a.dueOn < a.startOn) throw new DomainError('plans.errors.dueBeforeStart', 'dueOn');
    if ((a.rag === 'amber' || a.rag === 'red') && !a.ragReason.trim())
      throw new DomainError('plans.errors.ragReason', 'ragReason');
    return outcome;
  }

  /** Raises an action under an outcome, optionally from a signal (kept as a link {kind, id}). */
  async create(
    actor: Actor,
    a: ActionInput,
    signal: LinkRef | null = null,
    within?: { tx: Queryable; refs: ActionReferences },
  ): Promise<string> {
    ensureAllowed(actor, 'plans.edit');
    if (signal && !(SIGNAL_KINDS as readonly string[]).includes(signal.kind))
      throw new DomainError('plans.errors.signal', 'signal');
    const refs = within?.refs ?? (await this.references(actor));
    const run = async (q: Queryable) => {
      const outcome = await this.validate(q, actor, a, refs);
      await repo.lockPlan(q, actor.council.id, outcome.plan_id);
      const reference = await repo.nextReference(q, actor.council.id, outcome.plan_id);
      const id = await repo.insertAction(q, actor.council.id, outcome.plan_id, reference, {
        ...a,
        signalKind: signal?.kind ?? null,
        signalId: signal?.id ?? null,
      });
      await recordChange(this.ctx, q, actor, {
        planId: outcome.plan_id,
        recordType: 'action',
        recordId: id,
        change: 'created',
        snapshot: { ...a, reference, signal },
      });
      await repo.insertUpdate(q, actor.council.id, {
        actionId: id,
        userId: actor.userId,
        note: '',
        status: a.status,
        rag: a.rag,
        progress: a.progress,
        at: this.ctx.clock(),
      });
      return id;
    };
    return within ? run(within.tx) : this.ctx.db.transaction(run);
  }

  /** Changes an action (officers). Returns false when nothing differed (nothing is written). */
  async update(
    actor: Actor,
    id: string,
    a: ActionInput,
    within?: { tx: Queryable; refs: ActionReferences },
  ): Promise<boolean> {
    ensureAllowed(actor, 'plans.edit');
    const refs = within?.refs ?? (await this.references(actor));
    const run = async (q: Queryable) => {
      const before = await repo.findAction(q, actor.council.id, id);
      if (!before) throw new DomainError('errors.notFound');
      const outcome = await this.validate(q, actor, a, refs);
      if (outcome.plan_id !== before.plan_id) throw new DomainError('plans.errors.outcome', 'outcomeId');
      if (sameAction(before, a)) return false;
      const completedOn = a.status === 'completed' ? (before.completed_on ?? todayOf(this.ctx)) : null;
      await repo.updateAction(q, actor.council.id, id, a, completedOn);
      await recordChange(this.ctx, q, actor, {
        planId: before.plan_id,
        recordType: 'action',
        recordId: id,
        change: 'updated',
        snapshot: a,
      });
      if (before.status !== a.status || before.rag !== a.rag || before.progress !== a.progress)
        await repo.insertUpdate(q, actor.council.id, {
          actionId: id,
          userId: actor.userId,
          note: '',
          status: a.status,
          rag: a.rag,
          progress: a.progress,
          at: this.ctx.clock(),
        });
      return true;
    };
    return within ? run(within.tx) : this.ctx.db.transaction(run);
  }

  /** Records progress with a note: officers on any action, partners only on their organisation's. */
  async recordProgress(actor: Actor, id: string, p: ProgressInput): Promise<void> {
    ensureAllowed(actor, 'plans.update');
    const scope = mayAct(actor, 'plans.edit') ? undefined : actor.organisationId;
    if ((p.rag === 'amber' || p.rag === 'red') && !p.ragReason.trim())
      throw new DomainError('plans.errors.ragReason', 'ragReason');
    await this.ctx.db.transaction(async (tx) => {
      const a = await repo.findAction(tx, actor.council.id, id);
      if (!a || (scope !== undefined && (scope === null || a.organisation_id !== scope)))
        throw new DomainError('errors.notFound');
      const progress = p.status === 'completed' ? 100 : p.progress;
      const completedOn = p.status === 'completed' ? (a.completed_on ?? todayOf(this.ctx)) : null;
      await repo.updateAction(
        tx,
        actor.council.id,
        id,
        { ...fieldsOf(a), status: p.status, rag: p.rag, ragReason: p.ragReason, progress },
        completedOn,
      );
      await repo.insertUpdate(tx, actor.council.id, {
        actionId: id,
        userId: actor.userId,
        note: p.note,
        status: p.status,
        rag: p.rag,
        progress,
        at: this.ctx.clock(),
      });
      await recordChange(this.ctx, tx, actor, {
        planId: a.plan_id,
        recordType: 'action',
        recordId: id,
        change: 'progress',
        snapshot: { status: p.status, rag: p.rag, progress },
      });
    });
  }

  async addMilestone(actor: Actor, actionId: string, m: { title: string; dueOn: string | null }): Promise<void> {
    ensureAllowed(actor, 'plans.edit');
    if (m.dueOn && !isCalendarDate(m.dueOn)) throw new DomainError('plans.errors.date', 'dueOn');
    await this.ctx.db.transaction(async (tx) => {
      const a = await repo.findAction(tx, actor.council.id, actionId);
      if (!a) throw new DomainError('errors.notFound');
      const id = await repo.insertMilestone(tx, actor.council.id, actionId, { ...m, doneOn: null });
      await recordChange(this.ctx, tx, actor, {
        planId: a.plan_id,
        recordType: 'milestone',
        recordId: id,
        change: 'created',
        snapshot: { actionId, ...m },
      });
    });
  }
}

/**
 * Who may own an action: the council's officers and administrators. Not a partner (an action owned by one
 * would list on their home page although it is not their organisation's) nor a viewer or analyst.
 */
export const mayOwn = (m: { role: string }) => m.role === 'officer' || m.role === 'administrator';

/** An action row's editable fields, as an input. */
export function fieldsOf(a: repo.ActionRow): ActionInput {
  return {
    outcomeId: a.outcome_id,
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
  };
}

/** Whether the input would change nothing. */
export function sameAction(a: repo.ActionRow, b: ActionInput): boolean {
  const f = fieldsOf(a);
  return (Object.keys(f) as (keyof ActionInput)[]).every((k) => JSON.stringify(f[k]) === JSON.stringify(b[k]));
}
