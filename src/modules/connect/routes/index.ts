/** Connect's pages, all staff pages under /c/:council/connect. Routes receive the services; they never build them. */
import type { FastifyInstance } from 'fastify';
import type { ConnectServices } from '../services/index.ts';
import { peoplePages } from './people.ts';
import { programmePages } from './programmes.ts';

export function connectRoutes(services: ConnectServices, clock: () => Date = () => new Date()) {
  return async function routes(app: FastifyInstance) {
    for (const pages of [programmePages, peoplePages])
      await app.register(pages(services, clock), { prefix: '/c/:council/connect' });
  };
}
