import type { FastifyRequest } from 'fastify';
import type { Actor } from '../kernel/actor.ts';
import type { CurrentUser } from './types.ts';

/**
 * The member acting on a council route. The access plugin sets it before any handler of a route whose rule
 * is `can(permission)`; calling this from another kind of route is a programming error, not a user's.
 */
export function actorOf(req: FastifyRequest): Actor {
  if (!req.actor) throw new Error(`route ${req.routeOptions.url ?? ''} reads the actor but is not a council route`);
  return req.actor;
}

/** The signed-in user on a route whose rule is `signedIn` or `can(…)`. */
export function userOf(req: FastifyRequest): CurrentUser {
  if (!req.user) throw new Error(`route ${req.routeOptions.url ?? ''} reads the user but allows anonymous access`);
  return req.user;
}
