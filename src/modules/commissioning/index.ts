/**
 * Commissioning: programmes with the LGA's commissioning questions for cohesion, grants to partner
 * organisations linked to plan outcomes and wards, monitoring returns, and 360Giving export and import.
 * This file is the module's only public surface.
 */
import type { Module, PlatformDeps } from '../../kernel/module.ts';
import type { AdminService } from '../admin/index.ts';
import type { AuditService } from '../audit/index.ts';
import type { GeographyService } from '../geography/index.ts';
import { seedCommissioningDemo } from './demo.ts';
import { commissioningLinkProvider } from './links.ts';
import { commissioningReport } from './report.ts';
import { commissioningRoutes } from './routes/index.ts';
import { createCommissioningServices, type CommissioningServices } from './services/index.ts';

export type { CommissioningServices, GivingService, GrantsService, ProgrammesService } from './services/index.ts';
export type { Grant360, Package360 } from './giving360.ts';
export { exportGrantsCommand, importGrantsCommand } from './cli.ts';

export function createCommissioningModule(
  deps: PlatformDeps & { audit: AuditService; geography: GeographyService; admin: AdminService },
): Module<CommissioningServices> {
  const ctx = {
    db: deps.db,
    clock: deps.clock,
    links: deps.links,
    audit: deps.audit,
    geography: deps.geography,
    admin: deps.admin,
  };
  const services = createCommissioningServices(ctx);
  return {
    name: 'commissioning',
    services,
    routes: commissioningRoutes({ services, links: deps.links }),
    nav: { path: '/commissioning/grants', key: 'commissioning.nav.main', permission: 'commissioning.grants' },
    demo: (council) => seedCommissioningDemo(ctx, services, council),
    linkProviders: [commissioningLinkProvider(services)],
    report: commissioningReport(ctx, services),
  };
}
