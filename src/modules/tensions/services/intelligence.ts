/**
 * Partner intelligence: entries graded and handled by code (all partners, council only, or named
 * organisations). Partners see what their organisation recorded and what the handling code allows; every
 * view of an entry is audited. An entry about a ward moves its tension level.
 */
import type { Actor } from '../../../kernel/actor.ts';
import { DomainError } from '../../../kernel/errors.ts';
import * as repo from '../repository/index.ts';
import type { AssessmentService } from './assessment.ts';
import { auditEntry, ensureAllowed, visibilityOf, type TensionsContext } from './context.ts';
import type { PlacesService } from './places.ts';

export type IntelligenceInput = Omit<
  repo.NewIntelligence,
  'councilId' | 'organisationId' | 'recordedBy' | 'recordedAt'
>;

export class IntelligenceService {
  constructor(
    private readonly ctx: TensionsContext,
    private readonly places: PlacesService,
    private readonly assessment: AssessmentService,
  ) {}

  list(actor: Actor, page: number, pageSize: number, filter: repo.IntelligenceFilter = {}) {
    return repo.listIntelligence(
      this.ctx.db,
      actor.council.id,
      visibilityOf(actor),
      pageSize,
      (page - 1) * pageSize,
      filter,
    );
  }

  /** An entry the actor may see (the view is audited), or undefined. */
  async entry(actor: Actor, id: string) {
    const row = await repo.findIntelligence(this.ctx.db, actor.council.id, id, visibilityOf(actor));
    if (row) await this.ctx.audit.record(auditEntry(actor, 'tensions.intelligence.viewed', 'tension_intelligence', id));
    return row;
  }

  async record(actor: Actor, input: IntelligenceInput): Promise<string> {
    ensureAllowed(actor, 'tensions.record');
    if (input.wardCode && !(await this.places.ward(actor.council, input.wardCode)))
      throw new DomainError('tensions.cases.errors.unknownWard', 'wardCode');
    const orgs = await this.places.organisations(actor.council);
    if (input.sharedWith.some((o) => !orgs.some((x) => x.id === o)))
      throw new DomainError('tensions.cases.errors.unknownOrganisation', 'sharedWith');
    const id = await this.ctx.db.transaction(async (tx) => {
      const newId = await repo.insertIntelligence(tx, {
        ...input,
        councilId: actor.council.id,
        organisationId: actor.organisationId,
        recordedBy: actor.userId,
      });
      await this.ctx.audit.record(
        auditEntry(actor, 'tensions.intelligence.recorded', 'tension_intelligence', newId, { grading: input.grading }),
        tx,
      );
      return newId;
    });
    if (input.wardCode) await this.assessment.recompute(actor.council);
    return id;
  }
}
