/**
 * Connect's pages: staff pages under /c/:council/connect, and the learner's offer page under /connect/offer (from
 * the link in the offer email). Routes receive the services; they never build them.
 */
import type { FastifyInstance } from 'fastify';
import type { ConnectServices } from '../services/index.ts';
import { peoplePages } from './people.ts';
import { programmePages } from './programmes.ts';
import { publicOfferPages } from './public.ts';

export function connectRoutes(services: ConnectServices, clock: () => Date = () => new Date()) {
  return async function routes(app: FastifyInstance) {
    for (const pages of [programmePages, peoplePages])
      await app.register(pages(services, clock), { prefix: '/c/:council/connect' });
    await app.register(publicOfferPages(services), { prefix: '/connect/offer' });
  };
}
