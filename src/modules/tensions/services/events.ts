/**
 * Trigger events: something local, national or international that may raise tension. While an event is
 * open, the wards it covers (all wards when it names none) are under heightened monitoring: a lower alert
 * threshold. Each event keeps a rumour log, a community impact assessment and an action log.
 */
import type { Actor, Council } from '../../../kernel/actor.ts';
import { DomainError } from '../../../kernel/errors.ts';
import type { Queryable } from '../../../db/index.ts';
import type { ImpactSection } from '../model.ts';
import * as repo from '../repository/index.ts';
import type { AssessmentService } from './assessment.ts';
import { auditEntry, ensureAllowed, type TensionsContext } from './context.ts';
import type { PlacesService } from './places.ts';

export interface NewEvent {
  title: string;
  scope: string;
  description: string;
  wardCodes: string[];
}

export interface NewRumour {
  rumour: string;
  heardOn: string;
  counterMessage: string;
  counterChannel: string;
  status: string;
}

export interface NewAction {
  action: string;
  owner: string;
  dueOn: string | null;
}

export class EventsService {
  constructor(
    private readonly ctx: TensionsContext,
    private readonly places: PlacesService,
    private readonly assessment: AssessmentService,
  ) {}

  list(council: Pick<Council, 'id'>) {
    return repo.listEvents(this.ctx.db, council.id);
  }

  /** An event with its rumour and action logs, or undefined. */
  async event(council: Pick<Council, 'id'>, id: string) {
    const e = await repo.findEvent(this.ctx.db, council.id, id);
    if (!e) return undefined;
    const [rumours, actions] = await Promise.all([
      repo.listRumours(this.ctx.db, council.id, id),
      repo.listActions(this.ctx.db, council.id, id),
    ]);
    return { event: e, rumours, actions };
  }

  /** Declares an event; its wards' alert thresholds drop at once (the levels are recomputed). */
  async declare(actor: Actor, e: NewEvent): Promise<string> {
    ensureAllowed(actor, 'tensions.events');
    const wards = await this.places.wards(actor.council);
    if (e.wardCodes.some((c) => !wards.some((w) => w.code === c)))
      throw new DomainError('tensions.cases.errors.unknownWard', 'wardCodes');
    const id = await this.ctx.db.transaction(async (tx) => {
      const newId = await repo.insertEvent(tx, { councilId: actor.council.id, ...e, userId: actor.userId });
      await this.ctx.audit.record(
        auditEntry(actor, 'tensions.event.declared', 'tension_event', newId, { scope: e.scope }),
        tx,
      );
      return newId;
    });
    await this.assessment.recompute(actor.council);
    return id;
  }

  /** One change to an open or closed event, with its audit entry, in one transaction. */
  private async change(actor: Actor, eventId: string, action: string, fn: (tx: Queryable) => Promise<unknown>) {
    ensureAllowed(actor, 'tensions.events');
    await this.ctx.db.transaction(async (tx) => {
      if (!(await repo.findEvent(tx, actor.council.id, eventId))) throw new DomainError('errors.notFound');
      await fn(tx);
      await this.ctx.audit.record(auditEntry(actor, action, 'tension_event', eventId), tx);
    });
  }

  addRumour(actor: Actor, eventId: string, r: NewRumour) {
    return this.change(actor, eventId, 'tensions.event.rumour_logged', (tx) =>
      repo.insertRumour(tx, { councilId: actor.council.id, eventId, ...r, userId: actor.userId }),
    );
  }

  addAction(actor: Actor, eventId: string, a: NewAction) {
    return this.change(actor, eventId, 'tensions.event.action_added', (tx) =>
      repo.insertAction(tx, { councilId: actor.council.id, eventId, ...a, userId: actor.userId }),
    );
  }

  completeAction(actor: Actor, eventId: string, actionId: string) {
    return this.change(actor, eventId, 'tensions.event.action_done', (tx) =>
      repo.completeAction(tx, actor.council.id, eventId, actionId),
    );
  }

  saveImpact(actor: Actor, eventId: string, impact: Partial<Record<ImpactSection, string>>) {
    return this.change(actor, eventId, 'tensions.event.impact_saved', (tx) =>
      repo.saveImpact(tx, actor.council.id, eventId, impact),
    );
  }

  /** Closes an event with a reason; heightened monitoring ends (the levels are recomputed). */
  async close(actor: Actor, eventId: string, reason: string) {
    await this.change(actor, eventId, 'tensions.event.closed', async (tx) => {
      if (!(await repo.closeEvent(tx, actor.council.id, eventId, reason)))
        throw new DomainError('tensions.events.errors.alreadyClosed', 'reason');
    });
    await this.assessment.recompute(actor.council);
  }
}
