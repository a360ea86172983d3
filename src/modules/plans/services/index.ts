/** Builds the plans services once, on one shared context (called only by the module's index.ts). */
import { ActionsService } from './actions.ts';
import type { PlansContext } from './context.ts';
import { ActionsCsvService } from './csv.ts';
import { MeasuresService } from './measures.ts';
import { PlansService } from './plans.ts';
import { ReportService, type SectionsSource } from './report.ts';

/** The plans module's public services, by sub-domain. */
export interface PlansServices {
  /** Plans, domains, outcomes, ward clusters, the change history and copying forward. */
  readonly plans: PlansService;
  /** Actions, milestones, progress updates and the member's due and overdue actions. */
  readonly actions: ActionsService;
  /** Measures, their values from insight, status and overrides. */
  readonly measures: MeasuresService;
  /** Bulk editing of actions as CSV. */
  readonly csv: ActionsCsvService;
  /** The quarterly cabinet performance report. */
  readonly report: ReportService;
}

export function createPlansServices(ctx: PlansContext, sections: () => SectionsSource): PlansServices {
  const plans = new PlansService(ctx);
  const actions = new ActionsService(ctx);
  const measures = new MeasuresService(ctx);
  return {
    plans,
    actions,
    measures,
    csv: new ActionsCsvService(ctx, actions),
    report: new ReportService(ctx, plans, measures, sections),
  };
}
