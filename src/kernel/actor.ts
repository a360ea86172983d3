/**
 * Who is acting, and for which council: the one shape every service receives for a change.
 *
 * - A member signed in to the web service or named on the command line has a `userId` and a `role`.
 * - A resident on a public page (the reporting journey, an online survey) has neither.
 * - A scheduled job has neither either, and says so in `via`.
 *
 * Reads take the `Council` (or the actor); writes take the actor so the audit entry can name them.
 */
import type { Role } from './access.ts';

/** A council: the tenant that owns everything in the service except shared reference data. */
export interface Council {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
  /** The GSS code of the council's local authority district, when its geography is loaded. */
  readonly areaCode: string | null;
  readonly isDemo: boolean;
  readonly settings: Readonly<Record<string, unknown>>;
}

export type ActorVia = 'web' | 'public' | 'cli' | 'job' | 'demo';

export interface Actor {
  readonly council: Council;
  /** null for a resident on a public page or a scheduled job. */
  readonly userId: string | null;
  readonly role: Role | null;
  /** The partner organisation the member belongs to, if any. */
  readonly organisationId: string | null;
  readonly via: ActorVia;
}

export function memberActor(
  council: Council,
  member: { userId: string; role: Role; organisationId: string | null },
  via: ActorVia = 'web',
): Actor {
  return { council, userId: member.userId, role: member.role, organisationId: member.organisationId, via };
}

/** A resident using a public page. */
export function publicActor(council: Council): Actor {
  return { council, userId: null, role: null, organisationId: null, via: 'public' };
}

/** The service itself: scheduled jobs and the demo generator. */
export function systemActor(council: Council, via: 'job' | 'demo' | 'cli' = 'job'): Actor {
  return { council, userId: null, role: null, organisationId: null, via };
}

/** The member's user id, for changes only a signed-in member can make (a note, an override). */
export function memberId(actor: Actor): string {
  if (!actor.userId) throw new Error(`a ${actor.via} actor cannot make a change that names a member`);
  return actor.userId;
}
