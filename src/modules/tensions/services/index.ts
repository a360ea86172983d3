/**
 * Builds the tensions services once, in dependency order, from the module's context. Called only by the
 * module's index.ts.
 */
import { AlertsService } from './alerts.ts';
import { AssessmentService } from './assessment.ts';
import { CasesService } from './cases.ts';
import type { TensionsContext } from './context.ts';
import { EventsService } from './events.ts';
import { IntakeService } from './intake.ts';
import { IntelligenceService } from './intelligence.ts';
import { PlacesService } from './places.ts';
import { ReportsService } from './reports.ts';
import { RetentionService } from './retention.ts';
import { SettingsService } from './settings.ts';
import { TriageService } from './triage.ts';

/** The tensions module's public services, by sub-domain. */
export interface TensionsServices {
  readonly settings: SettingsService;
  /** The council's wards, boundaries and partner organisations. */
  readonly places: PlacesService;
  /** Public and assisted reporting, drafts of the public form. */
  readonly intake: IntakeService;
  /** The case list and case pages (views audited). */
  readonly cases: CasesService;
  /** Status, assignment, shares, ward and severity, contact, notes, links and redaction. */
  readonly triage: TriageService;
  readonly intelligence: IntelligenceService;
  /** Ward levels per ISO week, overrides, the picture and trends. */
  readonly assessment: AssessmentService;
  /** Alert thresholds and threshold emails. */
  readonly alerts: AlertsService;
  /** Trigger events, rumours, impact assessments and actions. */
  readonly events: EventsService;
  /** Weekly and quarterly reports (suppressed) and the restricted export. */
  readonly reports: ReportsService;
  /** Erasure of personal data and expiry of drafts. */
  readonly retention: RetentionService;
}

export function createTensionsServices(ctx: TensionsContext): TensionsServices {
  const settings = new SettingsService(ctx);
  const places = new PlacesService(ctx);
  const alerts = new AlertsService(ctx, settings);
  const assessment = new AssessmentService(ctx, places, settings, alerts);
  return {
    settings,
    places,
    alerts,
    assessment,
    intake: new IntakeService(ctx, places, settings),
    cases: new CasesService(ctx, settings),
    triage: new TriageService(ctx, places, assessment),
    intelligence: new IntelligenceService(ctx, places, assessment),
    events: new EventsService(ctx, places, assessment),
    reports: new ReportsService(ctx, places, settings, assessment),
    retention: new RetentionService(ctx, settings),
  };
}
