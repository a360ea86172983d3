/** Audit: the append-only log of who changed what, written by services in the same transaction as the change. */
import type { Module, PlatformDeps } from '../../kernel/module.ts';
import { AuditService } from './service.ts';

export { AuditService };
export type { AuditEntry, AuditRow } from './repository.ts';

export function createAuditModule(deps: Pick<PlatformDeps, 'db'>): Module<AuditService> {
  return { name: 'audit', services: new AuditService(deps.db) };
}
