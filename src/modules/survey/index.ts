/**
 * Hear: residents' surveys — the question bank, surveys and waves, the online survey with save and resume,
 * fieldwork import, weighting, results, and publication as indicator values.
 */
import type { Module, PlatformDeps } from '../../kernel/module.ts';
import type { AuditService } from '../audit/index.ts';
import type { CouncilsService } from '../councils/index.ts';
import type { GeographyService } from '../geography/index.ts';
import type { InsightServices } from '../insight/index.ts';
import { surveyDashboard } from './dashboard.ts';
import { seedSurveyDemo } from './demo.ts';
import { surveyLinkProvider } from './links.ts';
import { surveyRoutes } from './routes/index.ts';
import { createSurveyServices, type SurveyServices } from './services/index.ts';

export type {
  BankService,
  FieldworkService,
  NameGeneratorService,
  PublicationService,
  RespondingService,
  ResultsService,
  SurveyServices,
  WavesService,
  WeightingService,
} from './services/index.ts';
export type { OpenWave } from './services/responding.ts';
export type { NameGeneratorRespondent, NameGeneratorSource } from './services/name-generator.ts';
export type { QuestionResults, RespondentValue } from './services/results.ts';
export type { Question, WaveRow, WaveInput, OwnQuestionInput, LineProblem } from './model.ts';

/** How often the built-in question bank is brought in line with the message catalogue. */
const BANK_EVERY_MS = 60 * 60 * 1000;

export function createSurveyModule(
  deps: PlatformDeps & {
    audit: AuditService;
    geography: GeographyService;
    councils: CouncilsService;
    insight: InsightServices;
  },
): Module<SurveyServices> {
  const services = createSurveyServices({
    db: deps.db,
    config: deps.config,
    clock: deps.clock,
    audit: deps.audit,
    geography: deps.geography,
    councils: deps.councils,
    indicators: deps.insight.indicators,
  });
  return {
    name: 'survey',
    services,
    routes: surveyRoutes({ survey: services, config: deps.config, links: deps.links }),
    linkProviders: [surveyLinkProvider(services)],
    nav: { path: '/surveys', key: 'survey.nav', permission: 'survey.view' },
    dashboard: surveyDashboard(services),
    jobs: [{ name: 'survey.bank', everyMs: BANK_EVERY_MS, run: () => services.bank.ensure() }],
    demo: (council) => seedSurveyDemo(services, deps.geography, council, deps.clock()),
  };
}
