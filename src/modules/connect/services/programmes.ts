/** Programmes and their classes: create, list, import class lists (validated row by row, transactional). */
import type { Actor, Council } from '../../../kernel/actor.ts';
import { DomainError } from '../../../kernel/errors.ts';
import {
  checkRows,
  COLUMNS,
  esolClassFromRow,
  linkClassFromRow,
  type ProgrammeKind,
  type ProgrammeRow,
} from '../model.ts';
import * as repo from '../repository.ts';
import { audit, ensureAllowed, failed, readUpload, type ConnectContext, type ImportOutcome } from './context.ts';

export class ProgrammesService {
  constructor(private readonly ctx: ConnectContext) {}

  list(council: Pick<Council, 'id'>) {
    return repo.listProgrammes(this.ctx.db, council.id);
  }

  get(council: Pick<Council, 'id'>, id: string): Promise<ProgrammeRow | undefined> {
    return repo.findProgramme(this.ctx.db, council.id, id);
  }

  byIds(council: Pick<Council, 'id'>, ids: readonly string[]) {
    return repo.findProgrammes(this.ctx.db, council.id, ids);
  }

  classes(council: Pick<Council, 'id'>, programmeId: string) {
    return repo.listClasses(this.ctx.db, council.id, programmeId);
  }

  async create(actor: Actor, input: { kind: ProgrammeKind; name: string; maxKm: number }): Promise<string> {
    ensureAllowed(actor, 'connect.manage');
    return this.ctx.db.transaction(async (tx) => {
      if (await repo.programmeByName(tx, actor.council.id, input.name))
        throw new DomainError('connect.programmes.errors.nameTaken', 'name');
      const id = await repo.insertProgramme(tx, actor.council.id, input);
      await audit(
        this.ctx,
        tx,
        actor,
        'connect.programme.created',
        { type: 'connect_programme', id },
        { kind: input.kind },
      );
      return id;
    });
  }

  /** Adds or updates the programme's classes from a CSV (ESOL: id,level,slot,capacity,x,y; linking: id,school,x,y,share). */
  async importClasses(actor: Actor, programme: ProgrammeRow, bytes: Uint8Array): Promise<ImportOutcome> {
    ensureAllowed(actor, 'connect.manage');
    const esol = programme.kind === 'esol';
    const read = await readUpload(bytes, esol ? COLUMNS.esolClasses : COLUMNS.linkClasses);
    if (!read.rows.length) return failed(read.problems);
    const checked = esol
      ? checkRows(read.rows, esolClassFromRow, (c) => c.code)
      : checkRows(read.rows, linkClassFromRow, (c) => c.code);
    if (checked.problems.length || read.problems.length) return failed([...read.problems, ...checked.problems]);
    await this.ctx.db.transaction(async (tx) => {
      await repo.lockProgramme(tx, actor.council.id, programme.id);
      for (const c of checked.values) {
        if ('slot' in c) await repo.upsertEsolClass(tx, actor.council.id, programme.id, c);
        else await repo.upsertLinkClass(tx, actor.council.id, programme.id, c);
      }
      await audit(
        this.ctx,
        tx,
        actor,
        'connect.classes.imported',
        { type: 'connect_programme', id: programme.id },
        { rows: checked.values.length },
      );
    });
    return { ok: true, rows: checked.values.length };
  }
}
