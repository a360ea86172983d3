/**
 * Learn: evaluations of what works — a programme's theory of change, an evaluation plan in the Magenta Book's
 * terms with a power calculation, outcome data (participants before and after, a comparison group, or the
 * council's survey waves), matching, difference-in-differences, balance, the estimate in plain English and an
 * evidence label (Maryland SMS and Nesta). This file is the module's only public surface.
 */
import type { Module } from '../../kernel/module.ts';
import { seedEvaluationDemo } from './demo.ts';
import { evaluationLinkProvider } from './links.ts';
import { evaluationReport } from './report.ts';
import { evaluationRoutes } from './routes/index.ts';
import type { EvaluationDeps } from './services/context.ts';
import { createEvaluationServices, type EvaluationServices } from './services/index.ts';

export type { EvaluationServices, EvaluationDeps };
export type { AnalysisResult, Design, EvaluationRow, Theory, Plan } from './model.ts';

export function createEvaluationModule(deps: EvaluationDeps): Module<EvaluationServices> {
  const services = createEvaluationServices(deps);
  return {
    name: 'evaluation',
    services,
    routes: evaluationRoutes(services),
    nav: { path: '/evaluations', key: 'evaluation.nav.main', permission: 'evaluation.view' },
    linkProviders: [evaluationLinkProvider(services)],
    report: evaluationReport(services),
    demo: (council) => seedEvaluationDemo(deps, services, council),
  };
}
