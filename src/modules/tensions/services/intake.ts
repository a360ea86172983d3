/**
 * Intake: reports from residents (the public journey and the lean endpoint) and reports taken by staff at
 * third-party reporting centres (assisted). Public reports go through the group commit (IntakeBatcher);
 * assisted ones are stored with their audit entry in one transaction. A stored report with a ward asks for
 * the council's tension levels to be recomputed a couple of seconds later (the `tensions.recompute` job).
 */
import { memberId, type Actor, type Council } from '../../../kernel/actor.ts';
import { DomainError } from '../../../kernel/errors.ts';
import { translator, type Language as Lang } from '../../../i18n/index.ts';
import { hashToken, newToken } from '../../../lib/tokens.ts';
import { isSafeText, type ReportInput } from '../model.ts';
import * as repo from '../repository/index.ts';
import { DRAFT_TTL_MS, newReference, resolveWard } from '../rules.ts';
import { IntakeBatcher, NOT_STORED, type StoredReport } from './batcher.ts';
import { auditEntry, ensureAllowed, sqlState, type TensionsContext } from './context.ts';
import type { PlacesService } from './places.ts';
import type { SettingsService } from './settings.ts';

/** Reports that arrive together are assessed together, a couple of seconds after the first. */
export const RECOMPUTE_DELAY_MS = 2_000;
const COUNCIL_CACHE_MS = 60_000;
const TOKEN = /^[A-Za-z0-9_-]{20,100}$/;

export interface Submitted extends StoredReport {
  duplicate: boolean;
}

/** The answers of a report as stored, with the form field each came from (for a clear error). */
const TEXT_FIELDS = [
  ['what', 'what'],
  ['location', 'location'],
  ['motivationOther', 'motivationOther'],
  ['cause', 'cause'],
  ['contactName', 'contactName'],
  ['contactEmail', 'contactEmail'],
  ['contactPhone', 'contactPhone'],
  ['reportingCentre', 'reportingCentre'],
  ['idempotencyKey', 'idempotencyKey'],
  ['happenedOn', 'happenedOn'],
] as const satisfies readonly (readonly [keyof repo.NewReport, string])[];

/**
 * The last check before a report joins a batch: every text the database will hold is free of control
 * characters. The routes validate and normalise with the model's schemas first; this also guards callers
 * that build a ReportInput themselves.
 */
export function assertStorable(row: repo.NewReport): void {
  for (const [key, field] of TEXT_FIELDS) {
    const v = row[key];
    if (typeof v === 'string' && !isSafeText(v))
      throw new DomainError('tensions.report.errors.unsafeCharacters', field);
  }
}

export class IntakeService {
  private readonly councilCache = new Map<string, { at: number; council: Council | null }>();
  private readonly batcher: IntakeBatcher;

  constructor(
    private readonly ctx: TensionsContext,
    private readonly places: PlacesService,
    private readonly settings: SettingsService,
  ) {
    this.batcher = new IntakeBatcher(ctx.db, ctx.log);
  }

  /** The group commit's counters (for the intake benchmark). */
  get batchStats() {
    return this.batcher.stats;
  }

  /** A council for the public pages, by slug (cached for a minute, so the intake does no lookup per request). */
  async publicCouncil(slug: string): Promise<Council | null> {
    if (!/^[a-z0-9][a-z0-9-]{1,59}$/.test(slug)) return null;
    const now = Date.now();
    const hit = this.councilCache.get(slug);
    if (hit && now - hit.at < COUNCIL_CACHE_MS) return hit.council;
    const council = await this.ctx.councils.bySlug(slug);
    this.councilCache.set(slug, { at: now, council });
    return council;
  }

  /** The ward a report's location names, if any (shown on the check-your-answers page). */
  async wardFor(council: Council, location: string) {
    const wards = await this.places.wards(council);
    const code = resolveWard(wards, location);
    return code ? (wards.find((w) => w.code === code) ?? null) : null;
  }

  /**
   * Stores a resident's complete report (the public journey or the lean endpoint) and returns its reference.
   * The same idempotency key always returns the same reference and never stores a second report. Resolves only
   * after the commit.
   */
  async submit(actor: Actor, input: ReportInput, key: string, lang: Lang = 'en'): Promise<Submitted> {
    const row = await this.newRow(actor.council, input, key, { channel: 'online', recordedBy: null, centre: null });
    const stored = await this.batcher.add(row);
    if (stored) {
      if (row.wardCode) this.requestRecompute(actor.council);
      await this.acknowledge(actor.council, row, stored.reference, lang);
      return { ...stored, duplicate: false };
    }
    const existing = await repo.findReportByKey(this.ctx.db, actor.council.id, key);
    if (!existing) throw new Error('a report with this key was neither stored nor found');
    return { ...existing, duplicate: true };
  }

  /** A report taken by a member at a third-party reporting centre: stored and audited in one transaction. */
  async submitAssisted(actor: Actor, input: ReportInput, key: string, reportingCentre: string): Promise<Submitted> {
    ensureAllowed(actor, 'tensions.record');
    if (!(await this.settings.get(actor.council)).assisted_reporting) throw new DomainError('errors.notFound');
    const row = await this.newRow(actor.council, input, key, {
      channel: 'assisted',
      recordedBy: memberId(actor),
      centre: reportingCentre,
    });
    for (let attempt = 0; ; attempt++) {
      try {
        const result = await this.ctx.db.transaction(async (tx) => {
          const [stored] = await repo.insertReports(tx, [row]);
          const found = stored ?? (await repo.findReportByKey(tx, actor.council.id, key));
          if (!found) throw new Error('a report with this key was neither stored nor found');
          await this.ctx.audit.record(
            auditEntry(actor, 'tensions.report.assisted', 'tension_report', found.id, { duplicate: !stored }),
            tx,
          );
          return { id: found.id, reference: found.reference, duplicate: !stored };
        });
        if (!result.duplicate && row.wardCode) this.requestRecompute(actor.council);
        if (!result.duplicate) await this.acknowledge(actor.council, row, result.reference, 'en');
        return result;
      } catch (err) {
        const state = sqlState(err);
        if (state === '23505' && attempt < 3) {
          row.reference = newReference();
          continue;
        }
        if (state && ['22', '23', '54'].includes(state.slice(0, 2))) throw new DomainError(NOT_STORED, 'form');
        throw err;
      }
    }
  }

  async startDraft(actor: Actor): Promise<{ token: string }> {
    const token = newToken();
    await repo.insertDraft(this.ctx.db, hashToken(token), actor.council.id, newToken(18), DRAFT_TTL_MS);
    return { token };
  }

  /** The draft behind the cookie's token, while it has not expired. */
  draft(council: Pick<Council, 'id'>, token: string | undefined) {
    if (!token || !TOKEN.test(token)) return Promise.resolve(undefined);
    return repo.findDraft(this.ctx.db, hashToken(token), council.id);
  }

  async saveAnswers(actor: Actor, token: string, answers: Record<string, unknown>): Promise<void> {
    for (const [field, v] of Object.entries(answers))
      if (typeof v === 'string' && !isSafeText(v))
        throw new DomainError('tensions.report.errors.unsafeCharacters', field);
    await repo.mergeDraftAnswers(this.ctx.db, hashToken(token), actor.council.id, answers);
  }

  /** The journey's final step: the same intake as the lean endpoint, keyed by the draft's one-time key. */
  async submitDraft(
    actor: Actor,
    token: string,
    input: ReportInput,
    submissionKey: string,
    lang: Lang = 'en',
  ): Promise<Submitted> {
    const result = await this.submit(actor, input, submissionKey, lang);
    await repo.completeDraft(this.ctx.db, hashToken(token), actor.council.id, result.reference);
    return result;
  }

  private async newRow(
    council: Council,
    input: ReportInput,
    key: string,
    how: { channel: 'online' | 'assisted'; recordedBy: string | null; centre: string | null },
  ): Promise<repo.NewReport> {
    const row: repo.NewReport = {
      councilId: council.id,
      reference: newReference(),
      idempotencyKey: key,
      channel: how.channel,
      recordedBy: how.recordedBy,
      reportingCentre: how.centre,
      what: input.what,
      location: input.location,
      wardCode: resolveWard(await this.places.wards(council), input.location),
      happenedOn: input.happenedOn,
      ongoing: input.ongoing,
      motivations: input.motivations,
      motivationOther: input.motivationOther,
      cause: input.cause,
      reporterRole: input.reporterRole,
      contactName: input.contactName,
      contactEmail: input.contactEmail,
      contactPhone: input.contactPhone,
      contactConsent: input.contactConsent,
    };
    assertStorable(row);
    return row;
  }

  /**
   * Emails the reporter an acknowledgement with their reference when they gave an email address and agreed to
   * be contacted (once: only for a newly stored report). A failure to send is logged, never the reporter's problem.
   */
  private async acknowledge(council: Council, row: repo.NewReport, reference: string, lang: Lang) {
    if (!row.contactEmail || !row.contactConsent) return;
    const t = translator(lang);
    const settings = await this.settings.get(council);
    try {
      await this.ctx.email.send({
        to: row.contactEmail,
        subject: t('tensions.acknowledgement.subject', { reference, council: council.name }),
        body: t('tensions.acknowledgement.body', {
          name: row.contactName ?? '',
          reference,
          council: council.name,
          hours: settings.contact_hours,
        }),
        reference: `tension-report-acknowledgement:${reference}`,
      });
    } catch (err) {
      const e = err as Error;
      this.ctx.log.error({ err: { type: e.name, message: e.message } }, 'could not send a report acknowledgement');
    }
  }

  /** Asks for the council's levels to be recomputed shortly; a failure to ask is logged, not the reporter's problem. */
  private requestRecompute(council: Council) {
    void this.ctx.jobs
      .enqueue('tensions.recompute', council.id, { delayMs: RECOMPUTE_DELAY_MS })
      .catch((err: Error) =>
        this.ctx.log.error({ err: { type: err.name, message: err.message } }, 'could not queue a tension recompute'),
      );
  }
}
