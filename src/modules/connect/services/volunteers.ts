/** Volunteers of a friendship programme: import (validated row by row, transactional) and an audited list. */
import type { Actor } from '../../../kernel/actor.ts';
import { DomainError } from '../../../kernel/errors.ts';
import { checkRows, COLUMNS, volunteerFromRow, type ProgrammeRow, type VolunteerRow } from '../model.ts';
import * as repo from '../repository.ts';
import { audit, ensureAllowed, failed, readUpload, type ConnectContext, type ImportOutcome } from './context.ts';

export class VolunteersService {
  constructor(private readonly ctx: ConnectContext) {}

  /** The volunteers (personal data: the view is audited). */
  async list(actor: Actor, programme: ProgrammeRow): Promise<VolunteerRow[]> {
    ensureAllowed(actor, 'connect.manage');
    const rows = await repo.listVolunteers(this.ctx.db, actor.council.id, programme.id);
    await audit(
      this.ctx,
      this.ctx.db,
      actor,
      'connect.volunteers.viewed',
      { type: 'connect_programme', id: programme.id },
      { rows: rows.length },
    );
    return rows;
  }

  /** Adds or updates volunteers from a CSV; nothing is written unless every row is good. */
  async importVolunteers(actor: Actor, programme: ProgrammeRow, bytes: Uint8Array): Promise<ImportOutcome> {
    ensureAllowed(actor, 'connect.manage');
    if (programme.kind !== 'friendship') throw new DomainError('connect.volunteers.errors.notFriendship', 'file');
    const read = await readUpload(bytes, COLUMNS.volunteers);
    if (!read.rows.length) return failed(read.problems);
    const checked = checkRows(read.rows, volunteerFromRow, (v) => v.reference);
    if (checked.problems.length || read.problems.length) return failed([...read.problems, ...checked.problems]);
    await this.ctx.db.transaction(async (tx) => {
      for (const v of checked.values) await repo.upsertVolunteer(tx, actor.council.id, programme.id, v);
      await audit(
        this.ctx,
        tx,
        actor,
        'connect.volunteers.imported',
        { type: 'connect_programme', id: programme.id },
        { rows: checked.values.length },
      );
    });
    return { ok: true, rows: checked.values.length };
  }
}
