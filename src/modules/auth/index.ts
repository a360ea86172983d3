/** Auth: accounts, passwords, sign-in with lockout, and sessions. */
import type { Module, PlatformDeps } from '../../kernel/module.ts';
import type { AuditService } from '../audit/index.ts';
import type { CouncilsService } from '../councils/index.ts';
import { AuthService } from './service.ts';
import { authRoutes } from './routes.ts';

export { AuthService };
export type { CurrentUser, SignInResult } from './service.ts';

const HOUR = 3_600_000;

export function createAuthModule(
  deps: Pick<PlatformDeps, 'db' | 'config' | 'email'> & { audit: AuditService; councils: CouncilsService },
): Module<AuthService> {
  const auth = new AuthService(deps.db, deps.config, deps.audit, deps.email);
  return {
    name: 'auth',
    services: auth,
    routes: authRoutes({ auth, councils: deps.councils, audit: deps.audit, config: deps.config }),
    jobs: [
      {
        name: 'auth.purge-expired',
        everyMs: HOUR,
        run: async () => {
          await auth.purgeExpired();
        },
      },
    ],
  };
}
