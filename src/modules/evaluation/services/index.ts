/** Builds the evaluation services once. Only the module's index.ts calls this. */
import { AnalysisService } from './analysis.ts';
import type { EvaluationDeps } from './context.ts';
import { DataService } from './data.ts';
import { EvaluationsService } from './evaluations.ts';
import { QuestionnaireService } from './questionnaire.ts';

export interface EvaluationServices {
  readonly evaluations: EvaluationsService;
  readonly data: DataService;
  readonly analysis: AnalysisService;
  readonly questionnaire: QuestionnaireService;
}

export function createEvaluationServices(deps: EvaluationDeps): EvaluationServices {
  return {
    evaluations: new EvaluationsService(deps),
    data: new DataService(deps),
    analysis: new AnalysisService(deps),
    questionnaire: new QuestionnaireService(deps),
  };
}

export type { EvaluationDeps, EvaluationsService, DataService, AnalysisService, QuestionnaireService };
