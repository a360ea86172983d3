/**
 * The composition root: the one place where modules are built, once, at start-up, in dependency order.
 * The web server, the command line, the benchmarks and the tests all start here.
 */
import type { Config } from '../config.ts';
import type { Db } from '../db/index.ts';
import { createEmailSender, type EmailSender } from '../clients/email.ts';
import type { Actor } from '../kernel/actor.ts';
import type { DashboardPanel, Log, Module, PlatformDeps } from '../kernel/module.ts';
import { createLinkRegistry } from '../kernel/links.ts';
import type { ReportPeriod, ReportSection } from '../kernel/reports.ts';
import { DbJobQueue, type JobDefinition } from '../jobs/index.ts';
import { createAuditModule, type AuditService } from '../modules/audit/index.ts';
import { createGeographyModule, type GeographyService } from '../modules/geography/index.ts';
import { createCouncilsModule, type CouncilsService } from '../modules/councils/index.ts';
import { createAuthModule, type AuthService } from '../modules/auth/index.ts';
import { createAdminModule, type AdminService } from '../modules/admin/index.ts';
import { createHealthModule } from '../modules/health/index.ts';
import { createInsightModule, type InsightServices } from '../modules/insight/index.ts';
import { createSurveyModule, type SurveyServices } from '../modules/survey/index.ts';
import { createTensionsModule, type TensionsServices } from '../modules/tensions/index.ts';
import { createConnectModule, type ConnectServices } from '../modules/connect/index.ts';
import { createDirectoryModule, type DirectoryServices } from '../modules/directory/index.ts';
import { createNetworksModule, type NetworksServices } from '../modules/networks/index.ts';
import { createEvaluationModule, type EvaluationServices } from '../modules/evaluation/index.ts';
import { createCommissioningModule, type CommissioningServices } from '../modules/commissioning/index.ts';
import { createPlansModule, type PlansServices } from '../modules/plans/index.ts';
import { createNoticesModule, type NoticesService } from '../modules/notices/index.ts';
import { createMethodsModule } from '../modules/methods/index.ts';

/** Every module's public services, by module. */
export interface AppServices {
  audit: AuditService;
  geography: GeographyService;
  councils: CouncilsService;
  auth: AuthService;
  admin: AdminService;
  insight: InsightServices;
  survey: SurveyServices;
  tensions: TensionsServices;
  connect: ConnectServices;
  directory: DirectoryServices;
  networks: NetworksServices;
  evaluation: EvaluationServices;
  commissioning: CommissioningServices;
  plans: PlansServices;
  notices: NoticesService;
}

export interface Container {
  readonly deps: PlatformDeps;
  readonly services: AppServices;
  /** In navigation order; the web app registers their routes in this order. */
  readonly modules: readonly Module[];
  readonly jobs: readonly JobDefinition[];
  /** Every module's overview panel for this member. */
  panels(actor: Actor): Promise<DashboardPanel[]>;
  /** Every module's section of the cabinet report, in module order. */
  reportSections(actor: Actor, period: ReportPeriod, lang: string): Promise<ReportSection[]>;
}

export interface ContainerOptions {
  db: Db;
  config: Config;
  email?: EmailSender;
  log?: Log;
  clock?: () => Date;
}

const silentLog: Log = { info: () => undefined, warn: () => undefined, error: () => undefined };

export function createContainer(opts: ContainerOptions): Container {
  const clock = opts.clock ?? (() => new Date());
  const deps: PlatformDeps = {
    db: opts.db,
    config: opts.config,
    email: opts.email ?? createEmailSender(opts.config),
    jobs: new DbJobQueue(opts.db, clock),
    log: opts.log ?? silentLog,
    clock,
    links: createLinkRegistry(),
  };
  const modules: Module[] = [];
  const panels = async (actor: Actor): Promise<DashboardPanel[]> => {
    const shown = await Promise.all(modules.map((m) => (m.dashboard ? m.dashboard(actor) : null)));
    return shown.filter((p): p is DashboardPanel => p !== null);
  };
  const reportSections = async (actor: Actor, period: ReportPeriod, lang: string): Promise<ReportSection[]> => {
    const shown = await Promise.all(modules.map((m) => (m.report ? m.report(actor, period, lang) : null)));
    return shown.flatMap((s) => (s === null ? [] : Array.isArray(s) ? s : [s]));
  };

  const health = createHealthModule(deps);
  const audit = createAuditModule(deps);
  const geography = createGeographyModule({ ...deps, audit: audit.services });
  const councils = createCouncilsModule({ ...deps, geography: geography.services, panels });
  const auth = createAuthModule({ ...deps, audit: audit.services, councils: councils.services });
  const admin = createAdminModule({
    ...deps,
    audit: audit.services,
    auth: auth.services,
    councils: councils.services,
  });
  const platform = {
    audit: audit.services,
    geography: geography.services,
    councils: councils.services,
    auth: auth.services,
    admin: admin.services,
  };
  const insight = createInsightModule({ ...deps, ...platform });
  const survey = createSurveyModule({ ...deps, ...platform, insight: insight.services });
  const tensions = createTensionsModule({ ...deps, ...platform });
  const plans = createPlansModule({ ...deps, ...platform, insight: insight.services, reportSections });
  const commissioning = createCommissioningModule({ ...deps, ...platform });
  const connect = createConnectModule({ ...deps, ...platform });
  const directory = createDirectoryModule({ ...deps, ...platform, insight: insight.services });
  const networks = createNetworksModule({ ...deps, ...platform, survey: survey.services.nameGenerator });
  const evaluation = createEvaluationModule({ ...deps, ...platform, survey: survey.services });

  const notices = createNoticesModule({
    ...deps,
    audit: audit.services,
    councils: councils.services,
    tensionSettings: tensions.services.settings,
  });
  modules.push(
    health,
    auth,
    councils,
    geography,
    insight,
    survey,
    tensions,
    plans,
    commissioning,
    connect,
    directory,
    networks,
    evaluation,
    admin,
    audit,
    notices,
    createMethodsModule(),
  );
  for (const m of modules) for (const p of m.linkProviders ?? []) deps.links.register(p);
  const services: AppServices = {
    ...platform,
    insight: insight.services,
    survey: survey.services,
    tensions: tensions.services,
    connect: connect.services,
    directory: directory.services,
    networks: networks.services,
    evaluation: evaluation.services,
    commissioning: commissioning.services,
    plans: plans.services,
    notices: notices.services,
  };
  return {
    deps,
    services,
    modules,
    jobs: modules.flatMap((m) => m.jobs ?? []),
    panels,
    reportSections,
  };
}
