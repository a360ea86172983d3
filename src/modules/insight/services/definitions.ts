/** The indicators framework's definitions: the built-in ones and a council's own. */
import type { Actor, Council } from '../../../kernel/actor.ts';
import { DomainError } from '../../../kernel/errors.ts';
import type { IndicatorDefinition, IndicatorListRow, IndicatorRow } from '../model.ts';
import { INDICATOR_CODE_PATTERN } from '../parse.ts';
import * as repo from '../repository.ts';
import { audit, type InsightContext } from './context.ts';

export class IndicatorDefinitionsService {
  constructor(private readonly ctx: InsightContext) {}

  /** The definitions the council can use, built in and its own, with how many values it holds of each. */
  list(council: Pick<Council, 'id'>): Promise<IndicatorListRow[]> {
    return repo.listIndicators(this.ctx.db, council.id);
  }

  /** The council's own indicator with this code, else the built-in one. */
  find(council: Pick<Council, 'id'>, code: string): Promise<IndicatorRow | undefined> {
    return repo.findIndicatorByCode(this.ctx.db, council.id, code);
  }

  /** Each code the council can write to, with its definition: the council's own before a built-in one. */
  async byCode(council: Pick<Council, 'id'>): Promise<Map<string, IndicatorRow>> {
    const defs = await this.list(council);
    const byCode = new Map<string, IndicatorRow>();
    for (const d of [...defs].sort((a, b) => (a.council_id ? 0 : 1) - (b.council_id ? 0 : 1)))
      if (!byCode.has(d.code)) byCode.set(d.code, d);
    return byCode;
  }

  /** Defines a council indicator; its code may not be taken by the council's own or a built-in one. */
  async define(actor: Actor, d: IndicatorDefinition): Promise<string> {
    if (!INDICATOR_CODE_PATTERN.test(d.code)) throw new DomainError('insight.define.errors.codeFormat', 'code');
    return this.ctx.db.transaction(async (tx) => {
      if (await repo.findIndicatorByCode(tx, actor.council.id, d.code))
        throw new DomainError('insight.define.errors.codeTaken', 'code');
      const id = await repo.insertIndicator(tx, actor.council.id, { ...d, framework: 'council' });
      await audit(this.ctx, tx, actor, 'insight.indicator_defined', {}, { type: 'indicator', id });
      return id;
    });
  }
}
