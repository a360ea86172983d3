/** Admin: a council's members, invitations, partner organisations and its audit log. */
import type { Module, PlatformDeps } from '../../kernel/module.ts';
import type { AuditService } from '../audit/index.ts';
import type { AuthService } from '../auth/index.ts';
import type { CouncilsService } from '../councils/index.ts';
import { AdminService } from './service.ts';
import { adminRoutes } from './routes.ts';
export { adminCommands } from './cli.ts';

export { AdminService };
export type { InviteInput } from './service.ts';
export { ORGANISATION_KINDS, type OrganisationKind } from './model.ts';

export function createAdminModule(
  deps: Pick<PlatformDeps, 'db' | 'config' | 'email'> &
    Partial<Pick<PlatformDeps, 'links'>> & {
      audit: AuditService;
      auth: AuthService;
      councils: Pick<CouncilsService, 'setContentLanguage'>;
    },
): Module<AdminService> {
  const admin = new AdminService(deps.db, deps.config, deps.audit, deps.auth, deps.email, deps.councils);
  return {
    name: 'admin',
    services: admin,
    routes: adminRoutes({
      admin,
      audit: deps.audit,
      config: deps.config,
      ...(deps.links ? { links: deps.links } : {}),
    }),
  };
}
