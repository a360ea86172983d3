/**
 * Runs a programme's matching with the exact solvers of src/stats/matching and stores each outcome with its
 * explanation, in one transaction with its audit entry.
 *
 * ESOL: people already offered a place or who accepted one keep it (their places are taken out of their classes'
 * capacity first); everyone waiting or placed by an earlier run is placed again, optimally, in what is left. So a
 * declined or withdrawn offer frees a place, and the next run fills it. Declined and withdrawn people are not
 * placed. School linking and friendships: everyone is linked or paired afresh.
 *
 * A learner who gave only a ward (no grid reference) is placed as if they lived at the ward's centroid (from the
 * geography module's boundaries), and their explanation says so: distances for them are from the ward's centre,
 * so a class "within 5 km" may be a little nearer or further for them. A learner with neither (or whose ward has
 * no boundary loaded) is left waiting with that reason.
 */
import type { Actor } from '../../../kernel/actor.ts';
import { DomainError } from '../../../kernel/errors.ts';
import {
  linkSchoolClasses,
  MatchingError,
  pairFriendships,
  type Volunteer,
  placeEsolLearners,
  type EsolClass,
  type Learner,
  type LinkClass,
} from '../../../stats/matching/index.ts';
import { daysBetween, type ProgrammeRow } from '../model.ts';
import * as repo from '../repository.ts';
import { audit, ensureAllowed, today, type ConnectContext } from './context.ts';

export interface RunSummary {
  placed: number;
  unplaced: number;
  kept: number;
  objective: number;
}

const HELD = new Set(['offered', 'accepted']);
const TO_PLACE = new Set(['waiting', 'placed']);

export class PlacementService {
  constructor(private readonly ctx: ConnectContext) {}

  async run(actor: Actor, programme: ProgrammeRow): Promise<RunSummary> {
    ensureAllowed(actor, 'connect.manage');
    try {
      if (programme.kind === 'esol') return await this.esol(actor, programme);
      if (programme.kind === 'linking') return await this.linking(actor, programme);
      return await this.friendships(actor, programme);
    } catch (err) {
      if (err instanceof MatchingError)
        throw new DomainError('connect.run.errors.input', undefined, { reason: err.message });
      throw err;
    }
  }

  private async esol(actor: Actor, programme: ProgrammeRow): Promise<RunSummary> {
    const councilId = actor.council.id;
    const now = this.ctx.clock();
    const day = today(this.ctx);
    // Ward centroids first, outside the transaction (geography reads on its own connection).
    const listed = await repo.listPeople(this.ctx.db, councilId, programme.id);
    const centroids = await this.ctx.geography.centroids(
      actor.council,
      listed.flatMap((p) => ((p.x === null || p.y === null) && p.ward_code ? [p.ward_code] : [])),
    );
    return this.ctx.db.transaction(async (tx) => {
      await repo.lockProgramme(tx, councilId, programme.id);
      const rows = await repo.listClasses(tx, councilId, programme.id);
      const people = await repo.listPeople(tx, councilId, programme.id);
      const taken = new Map<string, number>();
      let kept = 0;
      for (const p of people)
        if (HELD.has(p.status) && p.class_id) {
          taken.set(p.class_id, (taken.get(p.class_id) ?? 0) + 1);
          kept++;
        }
      // Class codes are the ids the explanations name.
      const classes: EsolClass[] = rows.map((c) => ({
        id: c.code,
        level: c.level ?? '',
        slot: c.slot ?? '',
        capacity: Math.max(0, (c.capacity ?? 0) - (taken.get(c.id) ?? 0)),
        x: c.x,
        y: c.y,
      }));
      const waiting = people.filter((p) => TO_PLACE.has(p.status));
      const located = new Map<string, { x: number; y: number; ward: string | null }>();
      for (const p of waiting) {
        if (p.x !== null && p.y !== null) located.set(p.id, { x: p.x, y: p.y, ward: null });
        else {
          const c = p.ward_code ? centroids.get(p.ward_code) : undefined;
          if (c && p.ward_code) located.set(p.id, { ...c, ward: p.ward_code });
        }
      }
      const toPlace = waiting.filter((p) => located.has(p.id));
      const learners: Learner[] = toPlace.map((p) => {
        const at = located.get(p.id) ?? { x: 0, y: 0 };
        return {
          id: p.id,
          level: p.level,
          slots: p.slots,
          x: at.x,
          y: at.y,
          waitedDays: daysBetween(p.joined_on, day),
        };
      });
      const result = placeEsolLearners(learners, classes, { maxKm: programme.max_km });
      const classIdByCode = new Map(rows.map((c) => [c.code, c.id]));
      // Nowhere to place from: no grid reference, and no ward with a boundary.
      for (const p of waiting)
        if (!located.has(p.id))
          await repo.setPlacement(
            tx,
            councilId,
            p.id,
            {
              status: 'waiting',
              classId: null,
              score: null,
              distanceKm: null,
              explanation: { code: 'no_location', params: { ward: p.ward_code ?? '' } },
            },
            now,
          );
      for (const o of result.learners) {
        const ward = located.get(o.learnerId)?.ward ?? null;
        const classId = o.classId ? (classIdByCode.get(o.classId) ?? null) : null;
        await repo.setPlacement(
          tx,
          councilId,
          o.learnerId,
          {
            status: classId ? 'placed' : 'waiting',
            classId,
            score: o.score,
            distanceKm: o.distanceKm,
            explanation: {
              code: o.explanation.code,
              params: { ...o.explanation.params, ...(ward ? { locatedBy: 'ward', ward } : {}) },
            },
          },
          now,
        );
      }
      await repo.recordRun(tx, councilId, programme.id, now, result.objective);
      const summary = {
        placed: result.placed,
        unplaced: waiting.length - result.placed,
        kept,
        objective: result.objective,
      };
      await audit(
        this.ctx,
        tx,
        actor,
        'connect.placement.run',
        { type: 'connect_programme', id: programme.id },
        summary,
      );
      return summary;
    });
  }

  private async linking(actor: Actor, programme: ProgrammeRow): Promise<RunSummary> {
    const councilId = actor.council.id;
    const now = this.ctx.clock();
    return this.ctx.db.transaction(async (tx) => {
      await repo.lockProgramme(tx, councilId, programme.id);
      const rows = await repo.listClasses(tx, councilId, programme.id);
      const classes: LinkClass[] = rows.map((c) => ({
        id: c.code,
        school: c.school ?? '',
        x: c.x,
        y: c.y,
        share: c.share ?? 0,
      }));
      const result = linkSchoolClasses(classes, { maxKm: programme.max_km });
      const idByCode = new Map(rows.map((c) => [c.code, c.id]));
      for (const o of result.classes) {
        const classId = idByCode.get(o.classId);
        if (!classId) continue;
        const partner = o.partnerId ? (idByCode.get(o.partnerId) ?? null) : null;
        await repo.setLink(tx, councilId, classId, partner, {
          code: o.explanation.code,
          params: { ...o.explanation.params },
        });
      }
      await repo.recordRun(tx, councilId, programme.id, now, result.objective);
      const summary = {
        placed: result.pairs.length,
        unplaced: result.classes.filter((c) => c.partnerId === null).length,
        kept: 0,
        objective: result.objective,
      };
      await audit(this.ctx, tx, actor, 'connect.linking.run', { type: 'connect_programme', id: programme.id }, summary);
      return summary;
    });
  }

  /** Older and younger volunteers paired one to one; stated preferences are hard rules (pairFriendships). */
  private async friendships(actor: Actor, programme: ProgrammeRow): Promise<RunSummary> {
    const councilId = actor.council.id;
    const now = this.ctx.clock();
    return this.ctx.db.transaction(async (tx) => {
      await repo.lockProgramme(tx, councilId, programme.id);
      const rows = await repo.listVolunteers(tx, councilId, programme.id);
      // References are the ids, so `avoid` lists (references) apply directly.
      const volunteer = (v: (typeof rows)[number]): Volunteer => ({
        id: v.reference,
        interests: v.interests,
        slots: v.slots,
        x: v.x,
        y: v.y,
        ...(v.gender ? { gender: v.gender } : {}),
        ...(v.partner_gender ? { partnerGender: v.partner_gender } : {}),
        mustShareInterest: v.must_share_interest,
        avoid: v.avoid,
      });
      const result = pairFriendships(
        rows.filter((v) => v.side === 'older').map(volunteer),
        rows.filter((v) => v.side === 'younger').map(volunteer),
        { maxKm: programme.max_km },
      );
      const idByRef = new Map(rows.map((v) => [v.reference, v.id]));
      for (const o of result.volunteers) {
        const id = idByRef.get(o.id);
        if (!id) continue;
        const partner = o.partnerId ? (idByRef.get(o.partnerId) ?? null) : null;
        await repo.setPartner(tx, councilId, id, partner, {
          code: o.explanation.code,
          params: { ...o.explanation.params },
        });
      }
      await repo.recordRun(tx, councilId, programme.id, now, result.objective);
      const summary = {
        placed: result.pairs.length,
        unplaced: result.volunteers.filter((v) => v.partnerId === null).length,
        kept: 0,
        objective: result.objective,
      };
      await audit(
        this.ctx,
        tx,
        actor,
        'connect.friendships.run',
        { type: 'connect_programme', id: programme.id },
        summary,
      );
      return summary;
    });
  }
}
