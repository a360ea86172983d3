/**
 * A programme's waiting list: import (validated row by row, every bad row reported with its line, nothing
 * written unless all are good), add by form, audited views, statuses recorded by officers, and offers by email
 * (GOV.UK Notify or the outbox). A declined or withdrawn offer frees its place for the next placement run.
 */
import { councilLanguage, translator } from '../../../i18n/index.ts';
import { hashToken, newToken } from '../../../lib/tokens.ts';
import type { Actor } from '../../../kernel/actor.ts';
import { DomainError } from '../../../kernel/errors.ts';
import {
  checkRows,
  COLUMNS,
  daysBefore,
  personFromRow,
  type PersonInput,
  type PersonRow,
  type ProgrammeRow,
  type Status,
} from '../model.ts';
import * as repo from '../repository.ts';
import {
  audit,
  ensureAllowed,
  failed,
  readUpload,
  today,
  wardCodes,
  type ConnectContext,
  type ImportOutcome,
} from './context.ts';

/** Which recorded status may follow which. */
const MAY_BECOME: Record<string, readonly Status[]> = {
  accepted: ['placed', 'offered'],
  declined: ['placed', 'offered'],
  withdrawn: ['waiting', 'placed', 'offered', 'accepted'],
  waiting: ['declined', 'withdrawn'],
};

export class WaitlistService {
  constructor(private readonly ctx: ConnectContext) {}

  private ensureEsol(programme: ProgrammeRow) {
    if (programme.kind !== 'esol') throw new DomainError('connect.people.errors.notEsol');
  }

  /** The waiting list (personal data: the view is audited). */
  async people(actor: Actor, programme: ProgrammeRow): Promise<PersonRow[]> {
    ensureAllowed(actor, 'connect.manage');
    const rows = await repo.listPeople(this.ctx.db, actor.council.id, programme.id);
    await audit(
      this.ctx,
      this.ctx.db,
      actor,
      'connect.waitinglist.viewed',
      { type: 'connect_programme', id: programme.id },
      {
        rows: rows.length,
      },
    );
    return rows;
  }

  /** Counts by status, for pages without personal data. */
  async counts(actor: Actor, programme: ProgrammeRow): Promise<Record<Status, number>> {
    const rows = await repo.listPeople(this.ctx.db, actor.council.id, programme.id);
    const counts = { waiting: 0, placed: 0, offered: 0, accepted: 0, declined: 0, withdrawn: 0 };
    for (const r of rows) counts[r.status]++;
    return counts;
  }

  /** One person (audited). */
  async person(actor: Actor, programme: ProgrammeRow, id: string): Promise<PersonRow | undefined> {
    ensureAllowed(actor, 'connect.manage');
    const row = await repo.findPerson(this.ctx.db, actor.council.id, programme.id, id);
    if (row) await audit(this.ctx, this.ctx.db, actor, 'connect.person.viewed', { type: 'connect_person', id });
    return row;
  }

  async importPeople(actor: Actor, programme: ProgrammeRow, bytes: Uint8Array): Promise<ImportOutcome> {
    ensureAllowed(actor, 'connect.manage');
    this.ensureEsol(programme);
    const read = await readUpload(bytes, COLUMNS.people);
    if (!read.rows.length) return failed(read.problems);
    const wards = await wardCodes(this.ctx, actor.council);
    const checked = checkRows(
      read.rows,
      (r) => personFromRow(r, wards),
      (p) => p.reference.toLowerCase(),
    );
    const existing = new Set(
      (
        await repo.existingReferences(
          this.ctx.db,
          actor.council.id,
          programme.id,
          checked.values.map((p) => p.reference),
        )
      ).map((r) => r.reference),
    );
    const problems = [...read.problems, ...checked.problems];
    for (const { line, record } of read.rows) {
      const ref = (record.reference ?? '').trim();
      if (existing.has(ref)) problems.push({ line, key: 'connect.problems.onList', params: { value: ref } });
    }
    if (problems.length) return failed(problems);
    await this.ctx.db.transaction(async (tx) => {
      for (const p of checked.values) await this.insert(tx, actor, programme, p);
      await audit(
        this.ctx,
        tx,
        actor,
        'connect.waitinglist.imported',
        { type: 'connect_programme', id: programme.id },
        {
          rows: checked.values.length,
        },
      );
    });
    return { ok: true, rows: checked.values.length };
  }

  private insert(tx: Parameters<typeof repo.insertPerson>[0], actor: Actor, programme: ProgrammeRow, p: PersonInput) {
    return repo.insertPerson(tx, actor.council.id, programme.id, {
      ...p,
      joinedOn: daysBefore(today(this.ctx), p.waitedDays),
    });
  }

  /** Adds one person typed into the form; a bad field is a DomainError on that field. */
  async add(actor: Actor, programme: ProgrammeRow, p: PersonInput): Promise<string> {
    ensureAllowed(actor, 'connect.manage');
    this.ensureEsol(programme);
    const wards = await wardCodes(this.ctx, actor.council);
    if (p.wardCode && wards && !wards.has(p.wardCode)) throw new DomainError('connect.people.errors.ward', 'wardCode');
    return this.ctx.db.transaction(async (tx) => {
      if ((await repo.existingReferences(tx, actor.council.id, programme.id, [p.reference])).length)
        throw new DomainError('connect.people.errors.referenceTaken', 'reference');
      const id = await this.insert(tx, actor, programme, p);
      await audit(this.ctx, tx, actor, 'connect.person.added', { type: 'connect_person', id });
      return id;
    });
  }

  /** An officer records an answer to an offer, a withdrawal, or puts someone back on the list. */
  async record(actor: Actor, programme: ProgrammeRow, id: string, status: Status): Promise<void> {
    ensureAllowed(actor, 'connect.manage');
    const allowed = MAY_BECOME[status];
    if (!allowed) throw new DomainError('connect.people.errors.status', 'status');
    await this.ctx.db.transaction(async (tx) => {
      await repo.lockProgramme(tx, actor.council.id, programme.id);
      const person = await repo.findPerson(tx, actor.council.id, programme.id, id);
      if (!person) throw new DomainError('errors.notFound');
      if (person.erased_at) throw new DomainError('connect.people.errors.erased', 'status');
      if (!allowed.includes(person.status))
        throw new DomainError('connect.people.errors.transition', 'status', { from: person.status, to: status });
      const frees = status === 'declined' || status === 'withdrawn' || status === 'waiting';
      await repo.setStatus(tx, actor.council.id, id, status, this.ctx.clock(), {
        responded: status === 'accepted' || status === 'declined',
        clearClass: frees,
      });
      await audit(
        this.ctx,
        tx,
        actor,
        `connect.person.${status}`,
        { type: 'connect_person', id },
        { from: person.status },
      );
    });
  }

  /**
   * Offers a place to everyone the last run placed: their status becomes offered (with the audit entry, in one
   * transaction); then each with an email address gets one. Returns how many were offered and emailed.
   */
  async sendOffers(actor: Actor, programme: ProgrammeRow): Promise<{ offered: number; emailed: number }> {
    ensureAllowed(actor, 'connect.manage');
    this.ensureEsol(programme);
    const now = this.ctx.clock();
    const tokens = new Map<string, string>();
    const { placed, classes } = await this.ctx.db.transaction(async (tx) => {
      await repo.lockProgramme(tx, actor.council.id, programme.id);
      const people = (await repo.listPeople(tx, actor.council.id, programme.id)).filter(
        (p) => p.status === 'placed' && p.class_id,
      );
      for (const p of people) {
        await repo.setStatus(tx, actor.council.id, p.id, 'offered', now, { offered: true });
        if (p.email) {
          const token = newToken();
          tokens.set(p.id, token);
          await repo.setOfferToken(tx, actor.council.id, p.id, hashToken(token));
        }
      }
      await audit(
        this.ctx,
        tx,
        actor,
        'connect.offers.sent',
        { type: 'connect_programme', id: programme.id },
        {
          offered: people.length,
          emailed: people.filter((p) => p.email).length,
        },
      );
      return { placed: people, classes: await repo.listClasses(tx, actor.council.id, programme.id) };
    });
    // Offers go out in the council's language: the waitlist does not record a learner's own.
    const t = translator(councilLanguage(actor.council));
    const byId = new Map(classes.map((c) => [c.id, c]));
    let emailed = 0;
    for (const p of placed) {
      const c = p.class_id ? byId.get(p.class_id) : undefined;
      if (!p.email || !c) continue;
      await this.ctx.email.send({
        to: p.email,
        subject: t('connect.offers.email.subject', { council: actor.council.name }),
        body: t('connect.offers.email.body', {
          reference: p.reference,
          programme: programme.name,
          level: c.level ?? '',
          slot: c.slot ?? '',
          klass: c.code,
          venue: c.venue ?? c.code,
          council: actor.council.name,
          link: `${this.ctx.config.baseUrl}/connect/offer/${tokens.get(p.id) ?? ''}`,
        }),
        reference: `connect-offer:${programme.id}:${p.id}`,
      });
      emailed++;
    }
    return { offered: placed.length, emailed };
  }

  /** The offer behind an emailed link, or undefined when the link is unknown or its person erased. */
  offer(token: string) {
    return repo.offerByToken(this.ctx.db, hashToken(token));
  }

  /** The learner answers through the link: once, while the offer stands; the link then stops working. */
  async answer(token: string, accept: boolean): Promise<'accepted' | 'declined'> {
    const hash = hashToken(token);
    return this.ctx.db.transaction(async (tx) => {
      const found = await repo.offerByToken(tx, hash);
      if (!found) throw new DomainError('errors.notFound');
      // The programme first (as every change to places does), then the person: an answer sent twice at once
      // acts once; the other finds the link used.
      await repo.lockProgramme(tx, found.council_id, found.programme_id);
      const offer = await repo.lockOfferByToken(tx, hash);
      if (!offer) throw new DomainError('connect.offer.errors.closed', 'answer');
      if (offer.status !== 'offered') throw new DomainError('connect.offer.errors.closed', 'answer');
      const status = accept ? 'accepted' : 'declined';
      await repo.setStatus(tx, offer.council_id, offer.id, status, this.ctx.clock(), {
        responded: true,
        clearClass: !accept,
      });
      await repo.setOfferToken(tx, offer.council_id, offer.id, null);
      await this.ctx.audit.record(
        {
          councilId: offer.council_id,
          userId: null,
          action: `connect.person.${status}`,
          targetType: 'connect_person',
          targetId: offer.id,
          detail: { via: 'offer link' },
        },
        tx,
      );
      return status;
    });
  }
}
