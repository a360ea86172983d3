/** Evaluations: start one (optionally linked to a plan outcome, action or grant), its design, theory and plan. */
import type { Actor, Council } from '../../../kernel/actor.ts';
import { DomainError } from '../../../kernel/errors.ts';
import type { LinkRef, LinkTarget } from '../../../kernel/links.ts';
import {
  DESIGNS,
  THEORY_STAGES,
  outcomeItem,
  type Design,
  type EvaluationRow,
  type Plan,
  type Theory,
} from '../model.ts';
import * as repo from '../repository/evaluations.ts';
import { audit, ensureAllowed, wardsOf, type EvaluationDeps } from './context.ts';

/** Kinds an evaluation may be about (owned by the plans and commissioning modules). */
export const LINKABLE_KINDS = ['plan.outcome', 'plan.action', 'commissioning.grant'] as const;

export interface DesignInput {
  title: string;
  summary: string;
  design: Design;
  outcomeCode: string;
  links: LinkRef[];
}

function checkDesign(input: DesignInput): void {
  if (!DESIGNS.includes(input.design)) throw new DomainError('evaluation.errors.design', 'design');
  if (!outcomeItem(input.outcomeCode)) throw new DomainError('evaluation.errors.outcome', 'outcomeCode');
  for (const l of input.links)
    if (!(LINKABLE_KINDS as readonly string[]).includes(l.kind))
      throw new DomainError('evaluation.errors.link', 'link');
}

export class EvaluationsService {
  constructor(private readonly deps: EvaluationDeps) {}

  list(council: Council): Promise<EvaluationRow[]> {
    return repo.list(this.deps.db, council.id);
  }

  async get(council: Council, id: string): Promise<EvaluationRow | null> {
    return (await repo.byId(this.deps.db, council.id, id)) ?? null;
  }

  async mustGet(council: Council, id: string): Promise<EvaluationRow> {
    const e = await this.get(council, id);
    if (!e) throw new DomainError('errors.notFound');
    return e;
  }

  /** Links that resolve for this actor (records of modules not built, deleted or not visible are left out). */
  links(actor: Actor, e: Pick<EvaluationRow, 'links'>): Promise<LinkTarget[]> {
    return this.deps.links.resolve(actor, e.links);
  }

  /** What the actor may link an evaluation to, by kind (empty while the owning module is not there). */
  async linkOptions(actor: Actor): Promise<{ kind: string; options: LinkTarget[] }[]> {
    const lists = await Promise.all(
      LINKABLE_KINDS.map(async (kind) => ({ kind, options: await this.deps.links.options(actor, kind) })),
    );
    return lists.filter((l) => l.options.length > 0);
  }

  async create(actor: Actor, input: DesignInput): Promise<string> {
    ensureAllowed(actor, 'evaluation.manage');
    checkDesign(input);
    return this.deps.db.transaction(async (tx) => {
      const id = await repo.insert(tx, actor.council.id, { ...input, createdBy: actor.userId });
      await audit(this.deps, tx, actor, 'evaluation.created', id, { design: input.design, links: input.links.length });
      return id;
    });
  }

  async updateDesign(actor: Actor, id: string, input: DesignInput): Promise<void> {
    ensureAllowed(actor, 'evaluation.manage');
    checkDesign(input);
    const e = await this.mustGet(actor.council, id);
    if (e.status === 'concluded') throw new DomainError('evaluation.errors.concluded', 'title');
    await this.deps.db.transaction(async (tx) => {
      await repo.updateDesign(tx, actor.council.id, id, input);
      await audit(this.deps, tx, actor, 'evaluation.design_changed', id, { design: input.design });
    });
  }

  async setTheory(actor: Actor, id: string, theory: Theory): Promise<void> {
    ensureAllowed(actor, 'evaluation.manage');
    await this.mustGet(actor.council, id);
    const clean: Theory = {};
    for (const k of [...THEORY_STAGES, 'assumptions'] as const) {
      const items = (theory[k] ?? []).map((s) => s.trim()).filter((s) => s !== '');
      if (items.length > 12) throw new DomainError('evaluation.errors.tooManyItems', k, { max: 12 });
      if (items.length) clean[k] = items;
    }
    await this.deps.db.transaction(async (tx) => {
      await repo.setTheory(tx, actor.council.id, id, clean);
      await audit(this.deps, tx, actor, 'evaluation.theory_changed', id);
    });
  }

  async setPlan(actor: Actor, id: string, plan: Plan): Promise<void> {
    ensureAllowed(actor, 'evaluation.manage');
    const e = await this.mustGet(actor.council, id);
    if (plan.preWaveId && plan.postWaveId && plan.preWaveId === plan.postWaveId)
      throw new DomainError('evaluation.errors.sameWave', 'postWaveId');
    for (const waveId of [plan.preWaveId, plan.postWaveId])
      if (waveId && !(await this.deps.survey.waves.wave(actor.council, waveId)))
        throw new DomainError('evaluation.errors.wave', 'preWaveId');
    const extra = [...new Set(plan.extraWaveIds ?? [])].filter((w) => w !== plan.preWaveId && w !== plan.postWaveId);
    for (const waveId of extra)
      if (!(await this.deps.survey.waves.wave(actor.council, waveId)))
        throw new DomainError('evaluation.errors.wave', 'extraWaveIds');
    plan = { ...plan, extraWaveIds: extra.length ? extra : undefined };
    await this.deps.db.transaction(async (tx) => {
      await repo.setPlan(tx, actor.council.id, id, plan);
      if (e.result) await repo.setResult(tx, actor.council.id, id, null);
      await audit(this.deps, tx, actor, 'evaluation.plan_changed', id);
    });
  }

  /** The council's survey waves, for a DiD on survey data ("Survey name: wave name"). */
  async surveyWaves(council: Council): Promise<{ id: string; label: string }[]> {
    const out: { id: string; label: string }[] = [];
    for (const s of await this.deps.survey.waves.surveys(council))
      for (const w of await this.deps.survey.waves.waves(council, s.id))
        out.push({ id: w.id, label: `${s.name}: ${w.name}` });
    return out;
  }

  wards(council: Council) {
    return wardsOf(this.deps, council.areaCode);
  }

  /** Evaluations linked to a record of another module (the link provider's backlinks). */
  linkedTo(council: Council, ref: LinkRef): Promise<EvaluationRow[]> {
    return repo.linkedTo(this.deps.db, council.id, ref);
  }

  byIds(council: Council, ids: readonly string[]): Promise<EvaluationRow[]> {
    return repo.byIds(this.deps.db, council.id, ids);
  }

  concludedBetween(council: Council, from: Date, to: Date): Promise<EvaluationRow[]> {
    return repo.concludedBetween(this.deps.db, council.id, from, to);
  }
}
