/** What every staff page of the tensions module shares. */
import type { Actor } from '../../../../kernel/actor.ts';
import type { LinkAction, LinkRegistry, LinkRef } from '../../../../kernel/links.ts';
import type { TensionsServices } from '../../services/index.ts';

export interface StaffRouteDeps {
  readonly services: TensionsServices;
  /** The time (the current ISO week, default dates); tests pass a fixed clock. */
  readonly clock: () => Date;
  /** Other modules' records and actions ("Add an action" from a ward or an event); absent in route tests. */
  readonly links?: LinkRegistry;
}

/** What other modules offer from one of this module's records. */
export const offeredFrom = (links: LinkRegistry | undefined, actor: Actor, ref: LinkRef): LinkAction[] =>
  links ? links.actionsFrom(actor, ref) : [];

/** The tension pages of the actor's council. */
export const tensionsBase = (actor: Actor) => `/c/${actor.council.slug}/tensions`;
