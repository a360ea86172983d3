/**
 * Warn: tension and hate incident reporting (the public journey and assisted reporting), case triage,
 * partner intelligence, ward tension levels with overrides and threshold alerts, trigger events, weekly and
 * quarterly reports, and retention of personal data. This file is the module's only public surface.
 */
import type { Module } from '../../kernel/module.ts';
import { tensionsDashboard } from './dashboard.ts';
import { seedTensionsDemo } from './demo.ts';
import { tensionsLinkProvider } from './links.ts';
import { tensionsRoutes } from './routes/index.ts';
import type { TensionsDeps } from './services/context.ts';
import { createTensionsServices, type TensionsServices } from './services/index.ts';

export type { TensionsServices, TensionsDeps };
export type { AlertsService } from './services/alerts.ts';
export type { AssessmentService } from './services/assessment.ts';
export type { CasesService, CaseView } from './services/cases.ts';
export type { EventsService } from './services/events.ts';
export type { IntakeService, Submitted } from './services/intake.ts';
export type { IntelligenceService } from './services/intelligence.ts';
export type { PlacesService, Ward } from './services/places.ts';
export type { QuarterlyReport, ReportsService, WeeklyReport } from './services/reports.ts';
export type { RetentionOutcome, RetentionService } from './services/retention.ts';
export type { SettingsService } from './services/settings.ts';
export type { TriageService } from './services/triage.ts';
export type { ReportInput } from './model.ts';
export { tensionsRetentionCommand } from './cli.ts';

const HOUR = 3_600_000;
/** Drafts live a day; expired ones are deleted within this period (their answers are personal data). */
const DRAFT_SWEEP_MS = 15 * 60_000;

export function createTensionsModule(deps: TensionsDeps): Module<TensionsServices> {
  const services = createTensionsServices(deps);
  const { assessment, retention } = services;
  return {
    name: 'tensions',
    services,
    routes: tensionsRoutes(services, deps.clock, deps.links),
    linkProviders: [tensionsLinkProvider(services, deps.clock)],
    nav: { path: '/tensions', key: 'tensions.nav.main', permission: 'councils.view' },
    dashboard: tensionsDashboard(services, deps.clock),
    demo: (council) => seedTensionsDemo(deps, services, council),
    jobs: [
      {
        // Asked for by the intake after a report with a ward, and by reads that found the week not yet computed.
        name: 'tensions.recompute',
        run: async ({ key }) => {
          const council = key ? await deps.councils.byId(key) : null;
          if (council) await assessment.recompute(council);
        },
      },
      {
        // Levels age as signals decay, and a new week starts: every council, every hour.
        name: 'tensions.recompute-all',
        everyMs: HOUR,
        run: async () => {
          for (const council of await deps.councils.all()) await assessment.recompute(council);
        },
      },
      {
        name: 'tensions.retention',
        everyMs: HOUR,
        run: async ({ now }) => {
          await retention.eraseExpired(now);
        },
      },
      {
        name: 'tensions.expire-drafts',
        everyMs: DRAFT_SWEEP_MS,
        run: async ({ now }) => {
          await retention.expireDrafts(now);
        },
      },
    ],
  };
}
