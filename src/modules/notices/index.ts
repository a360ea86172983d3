/**
 * Notices: each council's privacy notice and accessibility statement, in English and Welsh. Standard text with
 * sound defaults, filled in from the council's settings, plus details its administrators add.
 */
import type { Module, PlatformDeps } from '../../kernel/module.ts';
import type { AuditService } from '../audit/index.ts';
import type { CouncilsService } from '../councils/index.ts';
import { noticesRoutes } from './routes.ts';
import { NoticesService, type TensionSettingsReader } from './service.ts';

export { NoticesService };
export type { NoticeContent, TensionSettingsReader } from './service.ts';

export function createNoticesModule(
  deps: Pick<PlatformDeps, 'db' | 'clock'> & {
    audit: AuditService;
    councils: Pick<CouncilsService, 'bySlug'>;
    tensionSettings: TensionSettingsReader;
  },
): Module<NoticesService> {
  const notices = new NoticesService(deps.db, deps.audit, deps.councils, deps.tensionSettings);
  return { name: 'notices', services: notices, routes: noticesRoutes(notices, deps.clock) };
}
