/** Directory of voluntary and community groups on the Open Referral UK model, and their provision by ward. */
import type { Module, PlatformDeps } from '../../kernel/module.ts';
import type { AdminService } from '../admin/index.ts';
import type { AuditService } from '../audit/index.ts';
import type { GeographyService } from '../geography/index.ts';
import type { InsightServices } from '../insight/index.ts';
import { seedDirectoryDemo } from './demo.ts';
import { directoryReport } from './report.ts';
import { directoryRoutes } from './routes/index.ts';
import { createDirectoryServices, type DirectoryServices } from './services/index.ts';

export type { DirectoryServices };
export type { DirectoryOrganisation, DirectoryService as DirectoryServiceRecord } from './model.ts';

export function createDirectoryModule(
  deps: PlatformDeps & {
    audit: AuditService;
    geography: GeographyService;
    admin: AdminService;
    insight: InsightServices;
  },
): Module<DirectoryServices> {
  const services = createDirectoryServices({
    db: deps.db,
    audit: deps.audit,
    geography: deps.geography,
    insight: deps.insight,
    admin: deps.admin,
    clock: deps.clock,
  });
  return {
    name: 'directory',
    services,
    routes: directoryRoutes(services),
    nav: { path: '/directory', key: 'directory.nav', permission: 'directory.view' },
    demo: (council) => seedDirectoryDemo(services, council),
    linkProviders: [services.entries.linkProvider()],
    report: directoryReport({ db: deps.db, services }),
  };
}
