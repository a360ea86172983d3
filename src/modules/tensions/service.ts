import { randomBytes } from 'node:crypto';
import type { Config } from '../../config.ts';
import type { Db, Queryable } from '../../db/index.ts';
import { memberId, type Actor, type Council } from '../../kernel/actor.ts';
import type { EmailSender } from '../../clients/email.ts';
import type { AuditService } from '../audit/index.ts';
import type { CouncilsService } from '../councils/index.ts';
import { actorCan } from '../../kernel/access.ts';
import { hashToken, newToken } from '../../lib/tokens.ts';
import { translator } from '../../i18n/index.ts';
import * as geoRepo from '../geography/repository.ts';
import * as adminRepo from '../admin/repository.ts';
import { insertAudit } from '../audit/repository.ts';
import {
  TENSION_DEFAULTS,
  addWeeks,
  assessTension,
  isoWeek,
  weekEnd,
  weekStart,
  type Severity,
  type TensionSignal,
} from '../../stats/tension.ts';
import * as repo from './repository.ts';
import {
  MOTIVATIONS,
  REFERENCE_ALPHABET,
  STATUSES,
  type ImpactSection,
  type Motivation,
  type ReportInput,
  type Status,
} from './model.ts';
import { discloseBreakdown, type DisclosedTable } from './disclosure.ts';

import { DomainError } from '../../kernel/errors.ts';

/** The tensions module's rule failures are the shared DomainError, under the name its routes use. */
export { DomainError as TensionsError };

/** What the service needs to know about a council. Routes pass the request's council; public routes a looked-up one. */
export type CouncilRef = Pick<Council, 'id' | 'slug' | 'name' | 'areaCode'>;

export type { Actor };

export const DRAFT_TTL_MS = 24 * 3_600_000;
export const DEFAULT_RETENTION_MONTHS = 24;

/** Allowed status changes. Closing is possible from every open status; a closed case can be reopened to triaged. */
export const NEXT_STATUSES: Record<Status, Status[]> = {
  new: ['triaged', 'assigned', 'closed'],
  triaged: ['assigned', 'in_progress', 'closed'],
  assigned: ['in_progress', 'triaged', 'closed'],
  in_progress: ['assigned', 'closed'],
  closed: ['triaged'],
};

/** A random reference such as TR-7K3M-9QXD (8 characters from 29: about 39 bits). Unbiased: bytes ≥ 232 are skipped. */
export function newReference(): string {
  let s = '';
  const limit = 256 - (256 % REFERENCE_ALPHABET.length);
  while (s.length < 8) {
    for (const b of randomBytes(12)) {
      if (b < limit && s.length < 8) s += REFERENCE_ALPHABET[b % REFERENCE_ALPHABET.length];
    }
  }
  return `TR-${s.slice(0, 4)}-${s.slice(4)}`;
}

const normalise = (s: string) =>
  s
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

/**
 * Resolves typed location text to one of the council's wards: a GSS code, or a ward name that appears in the
 * text as whole words (the longest match wins, so "Upper Langham" beats "Langham"). Postcodes cannot be
 * resolved without a postcode lookup, so they stay as typed and an officer sets the ward at triage.
 */
export function resolveWard(wards: readonly { code: string; name: string }[], text: string): string | null {
  const upper = text.trim().toUpperCase();
  const byCode = wards.find((w) => w.code === upper);
  if (byCode) return byCode.code;
  const hay = ` ${normalise(text)} `;
  let best: { code: string; len: number } | null = null;
  for (const w of wards) {
    const names = [
      normalise(w.name),
      ...normalise(w.name)
        .split(/ and /)
        .map((p) => p.trim())
        .filter((p) => p.length >= 4),
    ];
    for (const n of names) {
      if (n && hay.includes(` ${n} `) && (!best || n.length > best.len)) best = { code: w.code, len: n.length };
    }
  }
  return best?.code ?? null;
}

/** Connected groups of linked reports: each report id maps to its group's smallest id. */
export function linkGroups(links: readonly { report_a: string; report_b: string }[]): Map<string, string> {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== undefined && parent.get(r) !== r) r = parent.get(r)!;
    parent.set(x, r);
    return r;
  };
  for (const { report_a, report_b } of links) {
    if (!parent.has(report_a)) parent.set(report_a, report_a);
    if (!parent.has(report_b)) parent.set(report_b, report_b);
    const [a, b] = [find(report_a), find(report_b)];
    if (a !== b) parent.set(a < b ? b : a, a < b ? a : b);
  }
  const out = new Map<string, string>();
  for (const k of parent.keys()) out.set(k, find(k));
  return out;
}

/** Quarter "2024-Q1" → [start, end) in UTC. */
export function quarterRange(quarter: string): [Date, Date] | null {
  const m = /^(\d{4})-Q([1-4])$/.exec(quarter);
  if (!m) return null;
  const y = Number(m[1]);
  const q = Number(m[2]);
  return [new Date(Date.UTC(y, (q - 1) * 3, 1)), new Date(Date.UTC(y, q * 3, 1))];
}

export function quarterOf(d: Date): string {
  return `${d.getUTCFullYear()}-Q${Math.floor(d.getUTCMonth() / 3) + 1}`;
}

export function previousQuarter(d: Date): string {
  const y = d.getUTCFullYear();
  const q = Math.floor(d.getUTCMonth() / 3) + 1;
  return q === 1 ? `${y - 1}-Q4` : `${y}-Q${q - 1}`;
}

/**
 * Group commit for report intake. Each submission waits for the statement that stores it to commit before it
 * is acknowledged. While earlier statements are still running, new submissions queue and then go to the
 * database together in one INSERT … ON CONFLICT DO NOTHING (one commit and one WAL flush for the batch), so a
 * surge costs far fewer flushes. At low load every batch holds one report and nothing waits.
 * A clash of random references (about 1 in 10^11 per pair) fails the statement; the batch is then retried
 * with new references.
 */
export class IntakeBatcher {
  private queue: {
    row: repo.NewReport;
    resolve: (r: { id: string; reference: string } | undefined) => void;
    reject: (e: unknown) => void;
  }[] = [];
  private running = 0;

  constructor(
    private readonly db: Queryable,
    private readonly maxConcurrent = 4,
    private readonly maxBatch = 250,
  ) {}

  add(row: repo.NewReport): Promise<{ id: string; reference: string } | undefined> {
    return new Promise((resolve, reject) => {
      this.queue.push({ row, resolve, reject });
      this.pump();
    });
  }

  private pump() {
    while (this.running < this.maxConcurrent && this.queue.length) {
      const batch = this.queue.splice(0, this.maxBatch);
      this.running++;
      void this.store(batch).finally(() => {
        this.running--;
        this.pump();
      });
    }
  }

  private async store(batch: IntakeBatcher['queue']) {
    for (let attempt = 0; ; attempt++) {
      try {
        const stored = await repo.insertReports(
          this.db,
          batch.map((b) => b.row),
        );
        const byKey = new Map(stored.map((r) => [`${r.council_id}|${r.idempotency_key}`, r]));
        for (const b of batch) {
          const hit = byKey.get(`${b.row.councilId}|${b.row.idempotencyKey}`);
          // Within one batch a repeated key is stored once: only the entry whose reference was stored gets the row.
          b.resolve(hit && hit.reference === b.row.reference ? { id: hit.id, reference: hit.reference } : undefined);
        }
        return;
      } catch (err) {
        if ((err as { code?: string }).code === '23505' && attempt < 3) {
          for (const b of batch) b.row.reference = newReference();
          continue;
        }
        for (const b of batch) b.reject(err);
        return;
      }
    }
  }
}

export interface ServiceDeps {
  audit: AuditService;
  email: EmailSender;
  councils: CouncilsService;
}

export class TensionsService {
  private readonly councilCache = new Map<string, { at: number; council: CouncilRef | null }>();
  private readonly wardCache = new Map<string, { at: number; wards: { code: string; name: string }[] }>();

  /** Group commit for the public intake: see IntakeBatcher. */
  private readonly intake: IntakeBatcher;

  /** Called after a new report is stored (not for a repeated key); the web app uses it to schedule a recompute. */
  onReportStored?: (councilId: string) => void;

  constructor(
    private readonly db: Db,
    private readonly config: Pick<Config, 'baseUrl'>,
    private readonly services: ServiceDeps,
  ) {
    this.intake = new IntakeBatcher(db);
  }

  // ───────────── public intake ─────────────

  /** A council for the public pages, by slug (cached for a minute, so the intake path does no lookup per request). */
  async publicCouncil(slug: string): Promise<CouncilRef | null> {
    if (!/^[a-z0-9][a-z0-9-]{1,59}$/.test(slug)) return null;
    const hit = this.councilCache.get(slug);
    if (hit && Date.now() - hit.at < 60_000) return hit.council;
    const council = await this.services.councils.bySlug(slug);
    this.councilCache.set(slug, { at: Date.now(), council });
    return council;
  }

  /** The council's wards (cached for five minutes). */
  async wards(council: Pick<CouncilRef, 'id' | 'areaCode'>): Promise<{ code: string; name: string }[]> {
    if (!council.areaCode) return [];
    const hit = this.wardCache.get(council.id);
    if (hit && Date.now() - hit.at < 300_000) return hit.wards;
    const wards = (await geoRepo.listDescendants(this.db, council.areaCode, 'ward')).map((w) => ({
      code: w.code,
      name: w.name,
    }));
    this.wardCache.set(council.id, { at: Date.now(), wards });
    return wards;
  }

  /**
   * Stores a complete report in one statement and returns its reference. The same idempotency key always
   * returns the same reference and never stores a second report. Resolves only after the commit.
   */
  async submit(
    council: CouncilRef,
    input: ReportInput,
    key: string,
    opts: { channel: 'online' | 'assisted'; recordedBy?: string | null; reportingCentre?: string | null } = {
      channel: 'online',
    },
  ): Promise<{ id: string; reference: string; duplicate: boolean }> {
    const wardCode = resolveWard(await this.wards(council), input.location);
    const row = await this.intake.add({
      councilId: council.id,
      reference: newReference(),
      idempotencyKey: key,
      channel: opts.channel,
      recordedBy: opts.recordedBy ?? null,
      reportingCentre: opts.reportingCentre ?? null,
      what: input.what,
      location: input.location,
      wardCode,
      happenedOn: input.happenedOn,
      ongoing: input.ongoing,
      motivations: input.motivations as Motivation[],
      motivationOther: input.motivationOther,
      cause: input.cause,
      reporterRole: input.reporterRole,
      contactName: input.contactName,
      contactEmail: input.contactEmail,
      contactPhone: input.contactPhone,
      contactConsent: input.contactConsent,
    });
    if (row) {
      if (wardCode) this.onReportStored?.(council.id);
      return { ...row, duplicate: false };
    }
    const existing = await repo.findReportByKey(this.db, council.id, key);
    if (!existing) throw new Error('a report with this key was neither stored nor found');
    return { ...existing, duplicate: true };
  }

  async startDraft(councilId: string): Promise<{ token: string }> {
    const token = newToken();
    await repo.insertDraft(this.db, hashToken(token), councilId, newToken(18), DRAFT_TTL_MS);
    return { token };
  }

  draft(councilId: string, token: string | undefined) {
    if (!token || !/^[A-Za-z0-9_-]{20,100}$/.test(token)) return Promise.resolve(undefined);
    return repo.findDraft(this.db, hashToken(token), councilId);
  }

  saveAnswers(councilId: string, token: string, answers: Record<string, unknown>) {
    return repo.mergeDraftAnswers(this.db, hashToken(token), councilId, answers);
  }

  /** The journey's final step: the same intake path as the lean endpoint, keyed by the draft's one-time key. */
  async submitDraft(council: CouncilRef, token: string, input: ReportInput, submissionKey: string) {
    const result = await this.submit(council, input, submissionKey, { channel: 'online' });
    await repo.completeDraft(this.db, hashToken(token), council.id, result.reference);
    return result;
  }

  // ───────────── settings ─────────────

  settings(councilId: string) {
    return repo.getSettings(this.db, councilId);
  }

  async saveSettings(actor: Actor, s: repo.SettingsInput) {
    await this.db.transaction(async (tx) => {
      await repo.saveSettings(tx, actor.council.id, s);
      await this.services.audit.record(
        {
          councilId: actor.council.id,
          userId: actor.userId,
          action: 'tensions.settings.changed',
          targetType: 'tension_settings',
          targetId: actor.council.id,
        },
        tx,
      );
    });
  }

  // ───────────── cases ─────────────

  /** undefined: sees every case; otherwise only cases assigned or shared to this organisation (null: none). */
  visibilityOf(actor: Actor): string | null | undefined {
    return actorCan(actor, 'tensions.triage') ? undefined : actor.organisationId;
  }

  async listCases(actor: Actor, filter: { status?: Status; overdue?: boolean }, page: number, pageSize: number) {
    const s = await this.settings(actor.council.id);
    return repo.listReports(
      this.db,
      actor.council.id,
      {
        ...filter,
        onlyOrg: this.visibilityOf(actor),
        contactHours: s.contact_hours,
        seniorDays: s.senior_contact_days,
      },
      pageSize,
      (page - 1) * pageSize,
    );
  }

  async overdueCount(councilId: string) {
    const s = await this.settings(councilId);
    return repo.countOverdue(this.db, councilId, s.contact_hours, s.senior_contact_days);
  }

  /** A case the user may see, or undefined (the route answers 404). */
  findCase(actor: Actor, id: string) {
    return repo.findReport(this.db, actor.council.id, id, this.visibilityOf(actor));
  }

  /**
   * Everything on a case page. Contact details are included only for roles with tensions.personal; every view
   * (the account of what happened is itself personal data) is written to the audit log.
   */
  async caseView(actor: Actor, id: string) {
    const report = await this.findCase(actor, id);
    if (!report) return undefined;
    const personal = actorCan(actor, 'tensions.personal');
    const [history, notes, linked, shares, settings] = await Promise.all([
      repo.listHistory(this.db, actor.council.id, id),
      repo.listNotes(this.db, actor.council.id, id),
      repo.listLinked(this.db, actor.council.id, id),
      repo.listShares(this.db, actor.council.id, id),
      this.settings(actor.council.id),
    ]);
    await this.services.audit.record({
      councilId: actor.council.id,
      userId: actor.userId,
      action: 'tensions.report.viewed',
      targetType: 'tension_report',
      targetId: id,
      detail: {
        contactDetails: personal && !!(report.contact_name || report.contact_email || report.contact_phone),
        erased: !!report.erased_at,
      },
    });
    const shown = personal ? report : { ...report, contact_name: null, contact_email: null, contact_phone: null };
    const now = Date.now();
    const received = new Date(report.received_at).getTime();
    const due = {
      contact: new Date(received + settings.contact_hours * 3_600_000),
      senior: new Date(received + settings.senior_contact_days * 86_400_000),
    };
    const overdue = {
      contact:
        report.status !== 'closed' && report.contact_consent && !report.first_contact_at && now > due.contact.getTime(),
      senior: report.status !== 'closed' && !report.senior_contact_at && now > due.senior.getTime(),
    };
    return { report: shown, personal, history, notes, linked, shares, due, overdue };
  }

  private async mustFind(tx: Queryable, actor: Actor, id: string) {
    const r = await repo.findReport(tx, actor.council.id, id, this.visibilityOf(actor));
    if (!r) throw new DomainError('errors.notFound');
    return r;
  }

  async changeStatus(actor: Actor, id: string, to: Status, reason: string) {
    await this.db.transaction(async (tx) => {
      const r = await this.mustFind(tx, actor, id);
      if (!NEXT_STATUSES[r.status].includes(to)) throw new DomainError('tensions.cases.errors.badTransition', 'status');
      if (to === 'assigned' && !r.assigned_org) throw new DomainError('tensions.cases.errors.assignFirst', 'status');
      await repo.setStatus(tx, actor.council.id, id, to);
      await repo.insertHistory(tx, {
        councilId: actor.council.id,
        reportId: id,
        from: r.status,
        to,
        reason,
        assignedOrg: r.assigned_org,
        userId: actor.userId,
      });
      await this.services.audit.record(
        {
          councilId: actor.council.id,
          userId: actor.userId,
          action: 'tensions.report.status_changed',
          targetType: 'tension_report',
          targetId: id,
          detail: { from: r.status, to },
        },
        tx,
      );
    });
  }

  async assign(actor: Actor, id: string, organisationId: string, reason: string) {
    await this.db.transaction(async (tx) => {
      const r = await this.mustFind(tx, actor, id);
      if (!(await adminRepo.findOrganisation(tx, actor.council.id, organisationId)))
        throw new DomainError('tensions.cases.errors.unknownOrganisation', 'organisationId');
      const to: Status = r.status === 'in_progress' ? 'in_progress' : 'assigned';
      if (r.status === 'closed') throw new DomainError('tensions.cases.errors.closed', 'organisationId');
      await repo.setStatus(tx, actor.council.id, id, to, organisationId);
      await repo.insertHistory(tx, {
        councilId: actor.council.id,
        reportId: id,
        from: r.status,
        to,
        reason,
        assignedOrg: organisationId,
        userId: actor.userId,
      });
      await this.services.audit.record(
        {
          councilId: actor.council.id,
          userId: actor.userId,
          action: 'tensions.report.assigned',
          targetType: 'tension_report',
          targetId: id,
          detail: { organisationId },
        },
        tx,
      );
    });
  }

  async share(actor: Actor, id: string, organisationId: string) {
    await this.db.transaction(async (tx) => {
      await this.mustFind(tx, actor, id);
      if (!(await adminRepo.findOrganisation(tx, actor.council.id, organisationId)))
        throw new DomainError('tensions.cases.errors.unknownOrganisation', 'shareOrganisationId');
      await repo.share(tx, actor.council.id, id, organisationId);
      await this.services.audit.record(
        {
          councilId: actor.council.id,
          userId: actor.userId,
          action: 'tensions.report.shared',
          targetType: 'tension_report',
          targetId: id,
          detail: { organisationId },
        },
        tx,
      );
    });
  }

  async classify(actor: Actor, id: string, wardCode: string | null, severity: Severity) {
    if (wardCode && !(await this.wards(actor.council)).some((w) => w.code === wardCode))
      throw new DomainError('tensions.cases.errors.unknownWard', 'wardCode');
    const before = await this.db.transaction(async (tx) => {
      const r = await this.mustFind(tx, actor, id);
      await repo.classify(tx, actor.council.id, id, wardCode, severity);
      await this.services.audit.record(
        {
          councilId: actor.council.id,
          userId: actor.userId,
          action: 'tensions.report.classified',
          targetType: 'tension_report',
          targetId: id,
          detail: { wardCode, severity },
        },
        tx,
      );
      return r;
    });
    if (before.ward_code !== wardCode || before.severity !== severity) await this.recompute(actor.council);
  }

  async recordContact(actor: Actor, id: string, kind: 'first' | 'senior') {
    await this.db.transaction(async (tx) => {
      await this.mustFind(tx, actor, id);
      const done = await repo.recordContact(tx, actor.council.id, id, kind);
      if (done)
        await this.services.audit.record(
          {
            councilId: actor.council.id,
            userId: actor.userId,
            action: 'tensions.report.contact_recorded',
            targetType: 'tension_report',
            targetId: id,
            detail: { kind },
          },
          tx,
        );
    });
  }

  async addNote(actor: Actor, id: string, body: string) {
    await this.db.transaction(async (tx) => {
      await this.mustFind(tx, actor, id);
      await repo.insertNote(tx, {
        councilId: actor.council.id,
        reportId: id,
        body,
        userId: memberId(actor),
        organisationId: actor.organisationId,
      });
      await this.services.audit.record(
        {
          councilId: actor.council.id,
          userId: actor.userId,
          action: 'tensions.report.note_added',
          targetType: 'tension_report',
          targetId: id,
        },
        tx,
      );
    });
  }

  async link(actor: Actor, id: string, reference: string) {
    await this.db.transaction(async (tx) => {
      await this.mustFind(tx, actor, id);
      const other = await repo.findReportByReference(tx, actor.council.id, reference);
      if (!other) throw new DomainError('tensions.cases.errors.unknownReference', 'reference');
      if (other.id === id) throw new DomainError('tensions.cases.errors.linkSelf', 'reference');
      await repo.link(tx, actor.council.id, id, other.id);
      await this.services.audit.record(
        {
          councilId: actor.council.id,
          userId: actor.userId,
          action: 'tensions.report.linked',
          targetType: 'tension_report',
          targetId: id,
          detail: { with: other.id },
        },
        tx,
      );
    });
    await this.recompute(actor.council);
  }

  async redact(actor: Actor, id: string, parts: { contact: boolean; text: boolean }, reason: string) {
    await this.db.transaction(async (tx) => {
      const r = await this.mustFind(tx, actor, id);
      await repo.redact(tx, actor.council.id, id, parts);
      await repo.insertHistory(tx, {
        councilId: actor.council.id,
        reportId: id,
        from: r.status,
        to: r.status,
        reason,
        assignedOrg: r.assigned_org,
        userId: actor.userId,
      });
      await this.services.audit.record(
        {
          councilId: actor.council.id,
          userId: actor.userId,
          action: 'tensions.report.redacted',
          targetType: 'tension_report',
          targetId: id,
          detail: { contact: parts.contact, text: parts.text },
        },
        tx,
      );
    });
  }

  organisations(councilId: string) {
    return adminRepo.listOrganisations(this.db, councilId);
  }

  // ───────────── intelligence ─────────────

  listIntelligence(actor: Actor, page: number, pageSize: number) {
    return repo.listIntelligence(this.db, actor.council.id, this.visibilityOf(actor), pageSize, (page - 1) * pageSize);
  }

  async intelligence(actor: Actor, id: string) {
    const row = await repo.findIntelligence(this.db, actor.council.id, id, this.visibilityOf(actor));
    if (row) {
      await this.services.audit.record({
        councilId: actor.council.id,
        userId: actor.userId,
        action: 'tensions.intelligence.viewed',
        targetType: 'tension_intelligence',
        targetId: id,
      });
    }
    return row;
  }

  async recordIntelligence(
    actor: Actor,
    input: Omit<repo.NewIntelligence, 'councilId' | 'organisationId' | 'recordedBy'>,
  ) {
    if (input.wardCode && !(await this.wards(actor.council)).some((w) => w.code === input.wardCode))
      throw new DomainError('tensions.cases.errors.unknownWard', 'wardCode');
    const orgs = await this.organisations(actor.council.id);
    if (input.sharedWith.some((o) => !orgs.some((x) => x.id === o)))
      throw new DomainError('tensions.cases.errors.unknownOrganisation', 'sharedWith');
    const id = await this.db.transaction(async (tx) => {
      const newId = await repo.insertIntelligence(tx, {
        ...input,
        councilId: actor.council.id,
        organisationId: actor.organisationId,
        recordedBy: actor.userId,
      });
      await this.services.audit.record(
        {
          councilId: actor.council.id,
          userId: actor.userId,
          action: 'tensions.intelligence.recorded',
          targetType: 'tension_intelligence',
          targetId: newId,
          detail: { grading: input.grading },
        },
        tx,
      );
      return newId;
    });
    if (input.wardCode) await this.recompute(actor.council);
    return id;
  }

  // ───────────── tension assessment ─────────────

  /**
   * Computes and stores every ward's level for a week (default: this week) as of the end of the week, or now for
   * the current week. For the current week it also sends threshold alerts, once per upward crossing.
   */
  async recompute(
    council: Pick<CouncilRef, 'id' | 'areaCode' | 'name' | 'slug'>,
    opts: { week?: string; now?: Date; alerts?: boolean } = {},
  ) {
    const now = opts.now ?? new Date();
    const current = isoWeek(now);
    const week = opts.week ?? current;
    const end = weekEnd(week);
    const asOf = end.getTime() < now.getTime() ? end : now;
    const from = new Date(asOf.getTime() - TENSION_DEFAULTS.windowDays * 86_400_000 - 86_400_000);
    const wards = await this.wards(council);
    if (!wards.length) return [];
    const [reports, intel, links] = await Promise.all([
      repo.reportSignals(this.db, council.id, from, new Date(asOf.getTime() + 1)),
      repo.intelligenceSignals(this.db, council.id, from, new Date(asOf.getTime() + 1)),
      repo.allLinks(this.db, council.id),
    ]);
    const groups = linkGroups(links);
    const byWard = new Map<string, TensionSignal[]>();
    const push = (ward: string, s: TensionSignal) => byWard.set(ward, [...(byWard.get(ward) ?? []), s]);
    for (const r of reports)
      push(r.ward_code, {
        at: new Date(r.at),
        grading: 'experienced',
        severity: r.severity as Severity,
        confidence: 'high',
        group: groups.get(r.id),
      });
    for (const i of intel)
      push(i.ward_code, {
        at: new Date(i.at),
        grading: i.grading,
        severity: i.severity as Severity,
        confidence: i.confidence,
      });

    const results: { wardCode: string; level: number; finalLevel: number; score: number }[] = [];
    for (const w of wards) {
      const r = assessTension(byWard.get(w.code) ?? [], asOf);
      const finalLevel = await repo.upsertComputedLevel(this.db, {
        councilId: council.id,
        wardCode: w.code,
        week,
        score: r.score,
        level: r.level,
        signals: r.counted,
      });
      results.push({ wardCode: w.code, level: r.level, finalLevel, score: r.score });
    }
    if ((opts.alerts ?? true) && week === current) await this.checkAlerts(council, week, results, wards);
    return results;
  }

  /** Thresholds in force per ward: lower (heightened) while a trigger event covering the ward is open. */
  async thresholds(councilId: string, wardCodes: string[]) {
    const [s, events] = await Promise.all([this.settings(councilId), repo.listEvents(this.db, councilId, true)]);
    const heightened = new Set<string>();
    for (const e of events) for (const w of e.ward_codes.length ? e.ward_codes : wardCodes) heightened.add(w);
    return new Map(
      wardCodes.map((w) => [w, heightened.has(w) ? Math.min(s.heightened_alert_level, s.alert_level) : s.alert_level]),
    );
  }

  private async checkAlerts(
    council: Pick<CouncilRef, 'id' | 'name' | 'slug'>,
    week: string,
    results: { wardCode: string; finalLevel: number }[],
    wards: { code: string; name: string }[],
  ) {
    const s = await this.settings(council.id);
    const thresholds = await this.thresholds(
      council.id,
      results.map((r) => r.wardCode),
    );
    const recipients = s.monitoring_group
      .split(/[,;\s]+/)
      .map((e) => e.trim())
      .filter((e) => /^[^@\s]+@[^@\s]+$/.test(e));
    const t = translator('en');
    for (const r of results) {
      const threshold = thresholds.get(r.wardCode)!;
      const crossed = await repo.markAbove(this.db, council.id, r.wardCode, r.finalLevel >= threshold);
      if (!crossed) continue;
      const ward = wards.find((w) => w.code === r.wardCode)?.name ?? r.wardCode;
      await repo.insertAlert(this.db, {
        councilId: council.id,
        wardCode: r.wardCode,
        week,
        level: r.finalLevel,
        threshold,
        recipients: recipients.length,
      });
      await this.services.audit.record({
        councilId: council.id,
        action: 'tensions.alert.sent',
        targetType: 'ward',
        targetId: r.wardCode,
        detail: { level: r.finalLevel, threshold, recipients: recipients.length },
      });
      const level = t(`tensions.levels.${r.finalLevel}`);
      for (const to of recipients) {
        await this.services.email.send({
          to,
          subject: t('tensions.alerts.subject', { ward, level, council: council.name }),
          body: t('tensions.alerts.body', {
            ward,
            level,
            number: r.finalLevel,
            threshold,
            week,
            link: `${this.config.baseUrl}/c/${council.slug}/tensions/wards/${r.wardCode}`,
          }),
          reference: `tension-alert:${council.id}:${r.wardCode}:${week}`,
        });
      }
    }
  }

  /** The picture for a week: each ward's levels, the open events and recent alerts. Computes the current week on first view. */
  async picture(council: CouncilRef, week: string) {
    const wards = await this.wards(council);
    let levels = await repo.levelsForWeek(this.db, council.id, week);
    if (!levels.length && wards.length && week === isoWeek(new Date())) {
      await this.recompute(council);
      levels = await repo.levelsForWeek(this.db, council.id, week);
    }
    const previous = await repo.levelsForWeek(this.db, council.id, addWeeks(week, -1));
    const [events, alerts, thresholds, settings] = await Promise.all([
      repo.listEvents(this.db, council.id, true),
      repo.listAlerts(this.db, council.id, 5),
      this.thresholds(
        council.id,
        wards.map((w) => w.code),
      ),
      this.settings(council.id),
    ]);
    const byWard = new Map(levels.map((l) => [l.ward_code, l]));
    const prevByWard = new Map(previous.map((l) => [l.ward_code, l]));
    const rows = wards.map((w) => ({
      ...w,
      level: byWard.get(w.code) ?? null,
      previous: prevByWard.get(w.code)?.final_level ?? null,
      threshold: thresholds.get(w.code)!,
      heightened: thresholds.get(w.code)! < settings.alert_level,
    }));
    return { wards, rows, events, alerts, settings };
  }

  /** Weekly history for the trend chart: the highest final level across wards and the number of wards at 3 or above. */
  async trend(councilId: string, toWeek: string, weeks: number, wardCode?: string) {
    const fromWeek = addWeeks(toWeek, -(weeks - 1));
    const rows = await repo.levelsBetween(this.db, councilId, fromWeek, toWeek, wardCode);
    const out: {
      week: string;
      maxLevel: number | null;
      raised: number;
      computed: number | null;
      final: number | null;
    }[] = [];
    for (let i = 0; i < weeks; i++) {
      const w = addWeeks(fromWeek, i);
      const ofWeek = rows.filter((r) => r.iso_week === w);
      out.push({
        week: w,
        maxLevel: ofWeek.length ? Math.max(...ofWeek.map((r) => r.final_level)) : null,
        raised: ofWeek.filter((r) => r.final_level >= 3).length,
        computed: wardCode && ofWeek[0] ? ofWeek[0].computed_level : null,
        final: wardCode && ofWeek[0] ? ofWeek[0].final_level : null,
      });
    }
    return { rows, weeks: out };
  }

  async ward(council: CouncilRef, code: string) {
    return (await this.wards(council)).find((w) => w.code === code) ?? null;
  }

  async override(actor: Actor, wardCode: string, week: string, level: number | null, rationale: string) {
    if (!(await this.ward(actor.council, wardCode))) throw new DomainError('errors.notFound');
    const existing = await repo.levelsBetween(this.db, actor.council.id, week, week, wardCode);
    if (!existing.length) await this.recompute(actor.council, { week, alerts: false });
    await this.db.transaction(async (tx) => {
      const finalLevel = await repo.setOverride(tx, {
        councilId: actor.council.id,
        wardCode,
        week,
        level,
        rationale,
        userId: memberId(actor),
      });
      await this.services.audit.record(
        {
          councilId: actor.council.id,
          userId: actor.userId,
          action: 'tensions.level.overridden',
          targetType: 'ward',
          targetId: wardCode,
          detail: { week, level, finalLevel },
        },
        tx,
      );
    });
    if (week === isoWeek(new Date())) await this.recompute(actor.council);
  }

  // ───────────── trigger events ─────────────

  listEvents(councilId: string) {
    return repo.listEvents(this.db, councilId);
  }

  async event(councilId: string, id: string) {
    const e = await repo.findEvent(this.db, councilId, id);
    if (!e) return undefined;
    const [rumours, actions] = await Promise.all([
      repo.listRumours(this.db, councilId, id),
      repo.listActions(this.db, councilId, id),
    ]);
    return { event: e, rumours, actions };
  }

  async declareEvent(actor: Actor, e: { title: string; scope: string; description: string; wardCodes: string[] }) {
    const wards = await this.wards(actor.council);
    if (e.wardCodes.some((c) => !wards.some((w) => w.code === c)))
      throw new DomainError('tensions.cases.errors.unknownWard', 'wardCodes');
    const id = await this.db.transaction(async (tx) => {
      const newId = await repo.insertEvent(tx, { councilId: actor.council.id, ...e, userId: actor.userId });
      await this.services.audit.record(
        {
          councilId: actor.council.id,
          userId: actor.userId,
          action: 'tensions.event.declared',
          targetType: 'tension_event',
          targetId: newId,
          detail: { scope: e.scope },
        },
        tx,
      );
      return newId;
    });
    await this.recompute(actor.council); // heightened monitoring lowers the alert threshold at once
    return id;
  }

  private async eventAction(actor: Actor, eventId: string, action: string, fn: (tx: Queryable) => Promise<unknown>) {
    await this.db.transaction(async (tx) => {
      const e = await repo.findEvent(tx, actor.council.id, eventId);
      if (!e) throw new DomainError('errors.notFound');
      await fn(tx);
      await this.services.audit.record(
        { councilId: actor.council.id, userId: actor.userId, action, targetType: 'tension_event', targetId: eventId },
        tx,
      );
    });
  }

  addRumour(
    actor: Actor,
    eventId: string,
    r: { rumour: string; heardOn: string; counterMessage: string; counterChannel: string; status: string },
  ) {
    return this.eventAction(actor, eventId, 'tensions.event.rumour_logged', (tx) =>
      repo.insertRumour(tx, { councilId: actor.council.id, eventId, ...r, userId: actor.userId }),
    );
  }

  addAction(actor: Actor, eventId: string, a: { action: string; owner: string; dueOn: string | null }) {
    return this.eventAction(actor, eventId, 'tensions.event.action_added', (tx) =>
      repo.insertAction(tx, { councilId: actor.council.id, eventId, ...a, userId: actor.userId }),
    );
  }

  completeAction(actor: Actor, eventId: string, actionId: string) {
    return this.eventAction(actor, eventId, 'tensions.event.action_done', (tx) =>
      repo.completeAction(tx, actor.council.id, eventId, actionId),
    );
  }

  saveImpact(actor: Actor, eventId: string, impact: Partial<Record<ImpactSection, string>>) {
    return this.eventAction(actor, eventId, 'tensions.event.impact_saved', (tx) =>
      repo.saveImpact(tx, actor.council.id, eventId, impact as Record<string, string>),
    );
  }

  async closeEvent(actor: Actor, eventId: string, reason: string) {
    await this.eventAction(actor, eventId, 'tensions.event.closed', async (tx) => {
      if (!(await repo.closeEvent(tx, actor.council.id, eventId, reason)))
        throw new DomainError('tensions.events.errors.alreadyClosed', 'reason');
    });
    await this.recompute(actor.council);
  }

  // ───────────── reports (suppressed) and export ─────────────

  async weeklyReport(council: CouncilRef, week: string) {
    const s = await this.settings(council.id);
    const k = s.suppression_threshold;
    const from = weekStart(week);
    const to = weekEnd(week);
    const [picture, facts, intel, events, alerts] = await Promise.all([
      this.picture(council, week),
      repo.reportFacts(this.db, council.id, from, to),
      repo.intelligenceFacts(this.db, council.id, from, to),
      repo.listEvents(this.db, council.id),
      repo.listAlerts(this.db, council.id, 50),
    ]);
    const openEvents = events.filter(
      (e) => new Date(e.declared_at) < to && (!e.closed_at || new Date(e.closed_at) >= from),
    );
    return {
      week,
      from,
      to: new Date(to.getTime() - 1),
      threshold: k,
      levels: picture.rows,
      reports: this.breakdowns(facts, picture.wards, k, null),
      intelligence: discloseBreakdown(
        ['evidenced', 'experienced', 'potential'].map((g) => ({
          key: g,
          n: intel.filter((i) => i.grading === g).length,
        })),
        intel.length,
        k,
      ),
      events: openEvents,
      alerts: alerts.filter((a) => a.iso_week === week),
    };
  }

  async quarterlyReport(council: CouncilRef, quarter: string) {
    const range = quarterRange(quarter);
    if (!range) throw new DomainError('errors.notFound');
    const s = await this.settings(council.id);
    const k = s.suppression_threshold;
    const [facts, wards] = await Promise.all([
      repo.reportFacts(this.db, council.id, range[0], range[1]),
      this.wards(council),
    ]);
    const withConsent = facts.filter((f) => f.contact_consent);
    const contactedInTime = withConsent.filter(
      (f) =>
        f.first_contact_at &&
        new Date(f.first_contact_at).getTime() - new Date(f.received_at).getTime() <= s.contact_hours * 3_600_000,
    ).length;
    const seniorInTime = facts.filter(
      (f) =>
        f.senior_contact_at &&
        new Date(f.senior_contact_at).getTime() - new Date(f.received_at).getTime() <=
          s.senior_contact_days * 86_400_000,
    ).length;
    const rate = (num: number, den: number) =>
      den >= k ? { value: Math.round((100 * num) / den), suppressed: false } : { value: null, suppressed: true };
    return {
      quarter,
      from: range[0],
      to: new Date(range[1].getTime() - 1),
      threshold: k,
      targets: { contactHours: s.contact_hours, seniorDays: s.senior_contact_days },
      ...this.breakdowns(facts, wards, k, range),
      status: discloseBreakdown(
        STATUSES.map((st) => ({ key: st, n: facts.filter((f) => f.status === st).length })),
        facts.length,
        k,
      ),
      contactRate: rate(contactedInTime, withConsent.length),
      seniorRate: rate(seniorInTime, facts.length),
    };
  }

  /** Breakdowns by motivation, ward and (for a quarter) month, each with primary and secondary suppression. */
  private breakdowns(
    facts: { ward_code: string | null; motivations: Motivation[]; received_at: Date }[],
    wards: { code: string; name: string }[],
    k: number,
    range: [Date, Date] | null,
  ) {
    const total = facts.length;
    const byMotivation = discloseBreakdown(
      MOTIVATIONS.map((m) => ({ key: m, n: facts.filter((f) => f.motivations.includes(m)).length })),
      total,
      k,
    );
    const wardCells = wards.map((w) => ({ key: w.code, n: facts.filter((f) => f.ward_code === w.code).length }));
    wardCells.push({
      key: 'unknown',
      n: facts.filter((f) => !f.ward_code || !wards.some((w) => w.code === f.ward_code)).length,
    });
    const byWard = discloseBreakdown(wardCells, total, k);
    let byMonth: DisclosedTable | null = null;
    if (range) {
      const months: string[] = [];
      for (let d = new Date(range[0]); d < range[1]; d = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)))
        months.push(d.toISOString().slice(0, 7));
      byMonth = discloseBreakdown(
        months.map((m) => ({
          key: m,
          n: facts.filter((f) => new Date(f.received_at).toISOString().slice(0, 7) === m).length,
        })),
        total,
        k,
      );
    }
    return {
      total: discloseBreakdown([], total, k).total,
      byMotivation,
      byWard,
      byMonth,
      wardNames: Object.fromEntries(wards.map((w) => [w.code, w.name])),
    };
  }

  async exportCases(actor: Actor, from: Date, to: Date) {
    const rows = await repo.exportRows(this.db, actor.council.id, from, to);
    await this.services.audit.record({
      councilId: actor.council.id,
      userId: actor.userId,
      action: 'tensions.export',
      targetType: 'tension_report',
      detail: { rows: rows.length, from: from.toISOString().slice(0, 10), to: to.toISOString().slice(0, 10) },
    });
    return rows;
  }
}

// ───────────── retention ─────────────

export interface RetentionOutcome {
  councils: number;
  reports: number;
  intelligence: number;
  drafts: number;
}

/**
 * Erases personal data older than each council's retention period (months, default 24), and expired drafts:
 * reports lose the account, location text, cause, contact details and reporter's role, and their notes and
 * status reasons are replaced; intelligence summaries are replaced. Dates, ward, motivations, status, severity
 * and assignment stay, so the statistics are unchanged. One transaction and one audit entry per council.
 */
export async function eraseExpiredPersonalData(db: Db, now: Date = new Date()): Promise<RetentionOutcome> {
  const out: RetentionOutcome = { councils: 0, reports: 0, intelligence: 0, drafts: 0 };
  for (const p of await repo.retentionPolicies(db, DEFAULT_RETENTION_MONTHS)) {
    const cutoff = new Date(
      Date.UTC(
        now.getUTCFullYear(),
        now.getUTCMonth() - p.retention_months,
        now.getUTCDate(),
        now.getUTCHours(),
        now.getUTCMinutes(),
        now.getUTCSeconds(),
      ),
    );
    await db.transaction(async (tx) => {
      const reports = await repo.eraseReports(tx, p.council_id, cutoff);
      const intelligence = await repo.eraseIntelligence(tx, p.council_id, cutoff);
      if (reports.length || intelligence) {
        out.councils++;
        out.reports += reports.length;
        out.intelligence += intelligence;
        await insertAudit(tx, {
          councilId: p.council_id,
          action: 'tensions.retention.erased',
          targetType: 'tension_report',
          detail: { reports: reports.length, intelligence, months: p.retention_months },
        });
      }
    });
  }
  out.drafts = await repo.deleteExpiredDrafts(db, now);
  return out;
}

export function createTensionsService(db: Db, config: Pick<Config, 'baseUrl'>, services: ServiceDeps) {
  return new TensionsService(db, config, services);
}
