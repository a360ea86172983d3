/** The council's tension monitoring settings: response targets, thresholds, suppression, retention. */
import type { Actor, Council } from '../../../kernel/actor.ts';
import * as repo from '../repository/index.ts';
import { auditEntry, ensureAllowed, type TensionsContext } from './context.ts';

export type { SettingsInput, SettingsRow } from '../repository/index.ts';

export class SettingsService {
  constructor(private readonly ctx: TensionsContext) {}

  /** The stored settings, or the defaults for a council that never saved any (nothing is written). */
  get(council: Pick<Council, 'id'>): Promise<repo.SettingsRow> {
    return repo.getSettings(this.ctx.db, council.id);
  }

  async save(actor: Actor, s: repo.SettingsInput): Promise<void> {
    ensureAllowed(actor, 'tensions.settings');
    await this.ctx.db.transaction(async (tx) => {
      await repo.saveSettings(tx, actor.council.id, s);
      await this.ctx.audit.record(
        auditEntry(actor, 'tensions.settings.changed', 'tension_settings', actor.council.id),
        tx,
      );
    });
  }
}
