import type { Db, Queryable } from '../../db/index.ts';
import { insertAudit, listAccountEvents, listAudit, listAuditActions, type AuditEntry } from './repository.ts';

export class AuditService {
  constructor(private readonly db: Db) {}

  /** Records an event. Pass `tx` to make the record part of the change it describes. */
  record(entry: AuditEntry, tx: Queryable = this.db): Promise<void> {
    return insertAudit(tx, entry);
  }

  list(councilId: string, page: number, pageSize: number, action?: string) {
    return listAudit(this.db, councilId, { limit: pageSize, offset: (page - 1) * pageSize, action });
  }

  actions(councilId: string) {
    return listAuditActions(this.db, councilId);
  }

  /** The user's recent account events, for their account page. */
  accountEvents(userId: string, limit = 10) {
    return listAccountEvents(this.db, userId, limit);
  }
}
