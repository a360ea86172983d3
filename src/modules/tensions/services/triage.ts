/**
 * Triage of a case: status changes with reasons, assignment and sharing to partner organisations, ward and
 * severity, contact times, notes, links between reports about one incident, and redaction. Each change and
 * its audit entry are one transaction; changes that move a ward's level recompute the council's levels.
 */
import type { Permission } from '../../../kernel/access.ts';
import { memberId, type Actor } from '../../../kernel/actor.ts';
import { DomainError } from '../../../kernel/errors.ts';
import type { Queryable } from '../../../db/index.ts';
import type { Severity } from '../../../stats/tension.ts';
import type { Status } from '../model.ts';
import * as repo from '../repository/index.ts';
import { NEXT_STATUSES } from '../rules.ts';
import type { AssessmentService } from './assessment.ts';
import { auditEntry, ensureAllowed, visibilityOf, type TensionsContext } from './context.ts';
import type { PlacesService } from './places.ts';

type Detail = Record<string, string | number | boolean | null>;

export class TriageService {
  constructor(
    private readonly ctx: TensionsContext,
    private readonly places: PlacesService,
    private readonly assessment: AssessmentService,
  ) {}

  /** Runs a change to a case the actor may see, with its audit entry, in one transaction. */
  private change<T>(
    actor: Actor,
    permission: Permission,
    id: string,
    action: string,
    fn: (tx: Queryable, r: repo.ReportRow) => Promise<{ result: T; detail?: Detail; audit?: boolean }>,
  ): Promise<T> {
    ensureAllowed(actor, permission);
    return this.ctx.db.transaction(async (tx) => {
      const r = await repo.findReport(tx, actor.council.id, id, visibilityOf(actor));
      if (!r) throw new DomainError('errors.notFound');
      const out = await fn(tx, r);
      if (out.audit !== false)
        await this.ctx.audit.record(auditEntry(actor, action, 'tension_report', id, out.detail), tx);
      return out.result;
    });
  }

  private history(tx: Queryable, actor: Actor, r: repo.ReportRow, to: Status, reason: string, org: string | null) {
    return repo.insertHistory(tx, {
      councilId: actor.council.id,
      reportId: r.id,
      from: r.status,
      to,
      reason,
      assignedOrg: org,
      userId: actor.userId,
    });
  }

  private async knownOrganisation(actor: Actor, organisationId: string, field: string) {
    if (!(await this.ctx.admin.organisation(actor.council.id, organisationId)))
      throw new DomainError('tensions.cases.errors.unknownOrganisation', field);
  }

  changeStatus(actor: Actor, id: string, to: Status, reason: string): Promise<void> {
    return this.change(actor, 'tensions.triage', id, 'tensions.report.status_changed', async (tx, r) => {
      if (!NEXT_STATUSES[r.status].includes(to)) throw new DomainError('tensions.cases.errors.badTransition', 'status');
      if (to === 'assigned' && !r.assigned_org) throw new DomainError('tensions.cases.errors.assignFirst', 'status');
      await repo.setStatus(tx, actor.council.id, id, to);
      await this.history(tx, actor, r, to, reason, r.assigned_org);
      return { result: undefined, detail: { from: r.status, to } };
    });
  }

  async assign(actor: Actor, id: string, organisationId: string, reason: string): Promise<void> {
    ensureAllowed(actor, 'tensions.triage');
    await this.knownOrganisation(actor, organisationId, 'organisationId');
    await this.change(actor, 'tensions.triage', id, 'tensions.report.assigned', async (tx, r) => {
      if (r.status === 'closed') throw new DomainError('tensions.cases.errors.closed', 'organisationId');
      const to: Status = r.status === 'in_progress' ? 'in_progress' : 'assigned';
      await repo.setStatus(tx, actor.council.id, id, to, organisationId);
      await this.history(tx, actor, r, to, reason, organisationId);
      return { result: undefined, detail: { organisationId } };
    });
  }

  async share(actor: Actor, id: string, organisationId: string): Promise<void> {
    ensureAllowed(actor, 'tensions.triage');
    await this.knownOrganisation(actor, organisationId, 'shareOrganisationId');
    await this.change(actor, 'tensions.triage', id, 'tensions.report.shared', async (tx) => {
      await repo.share(tx, actor.council.id, id, organisationId);
      return { result: undefined, detail: { organisationId } };
    });
  }

  /** Sets the ward and severity; the levels are recomputed when either changed. */
  async classify(actor: Actor, id: string, wardCode: string | null, severity: Severity): Promise<void> {
    ensureAllowed(actor, 'tensions.triage');
    if (wardCode && !(await this.places.ward(actor.council, wardCode)))
      throw new DomainError('tensions.cases.errors.unknownWard', 'wardCode');
    const before = await this.change(actor, 'tensions.triage', id, 'tensions.report.classified', async (tx, r) => {
      await repo.classify(tx, actor.council.id, id, wardCode, severity);
      return { result: r, detail: { wardCode, severity } };
    });
    if (before.ward_code !== wardCode || before.severity !== severity) await this.assessment.recompute(actor.council);
  }

  /** Records the first contact with the reporter, or the senior officer's contact (each once). */
  recordContact(actor: Actor, id: string, kind: 'first' | 'senior'): Promise<void> {
    return this.change(actor, 'tensions.cases', id, 'tensions.report.contact_recorded', async (tx) => {
      const done = await repo.recordContact(tx, actor.council.id, id, kind);
      return { result: undefined, detail: { kind }, audit: done };
    });
  }

  addNote(actor: Actor, id: string, body: string): Promise<void> {
    return this.change(actor, 'tensions.cases', id, 'tensions.report.note_added', async (tx) => {
      await repo.insertNote(tx, {
        councilId: actor.council.id,
        reportId: id,
        body,
        userId: memberId(actor),
        organisationId: actor.organisationId,
      });
      return { result: undefined };
    });
  }

  /** Links two reports about the same incident (they then count once in the ward's level). */
  async link(actor: Actor, id: string, reference: string): Promise<void> {
    await this.change(actor, 'tensions.triage', id, 'tensions.report.linked', async (tx) => {
      const other = await repo.findReportByReference(tx, actor.council.id, reference);
      if (!other) throw new DomainError('tensions.cases.errors.unknownReference', 'reference');
      if (other.id === id) throw new DomainError('tensions.cases.errors.linkSelf', 'reference');
      await repo.link(tx, actor.council.id, id, other.id);
      return { result: undefined, detail: { with: other.id } };
    });
    await this.assessment.recompute(actor.council);
  }

  /** Removes contact details and/or replaces the free text, recording the reason in the case history. */
  redact(actor: Actor, id: string, parts: { contact: boolean; text: boolean }, reason: string): Promise<void> {
    return this.change(actor, 'tensions.triage', id, 'tensions.report.redacted', async (tx, r) => {
      await repo.redact(tx, actor.council.id, id, parts);
      await this.history(tx, actor, r, r.status, reason, r.assigned_org);
      return { result: undefined, detail: { contact: parts.contact, text: parts.text } };
    });
  }
}
