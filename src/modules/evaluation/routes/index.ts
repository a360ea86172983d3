/** The evaluation pages, under /c/:council/evaluations. */
import type { FastifyInstance } from 'fastify';
import type { EvaluationServices } from '../services/index.ts';
import { evaluationPages } from './pages.ts';
import { resultPages } from './results.ts';

export function evaluationRoutes(services: EvaluationServices) {
  return async function routes(app: FastifyInstance) {
    await app.register(evaluationPages(services), { prefix: '/c/:council/evaluations' });
    await app.register(resultPages(services), { prefix: '/c/:council/evaluations' });
  };
}
