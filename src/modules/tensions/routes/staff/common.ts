/** What every staff page of the tensions module shares. */
import type { Actor } from '../../../../kernel/actor.ts';
import type { TensionsServices } from '../../services/index.ts';

export interface StaffRouteDeps {
  readonly services: TensionsServices;
  /** The time (the current ISO week, default dates); tests pass a fixed clock. */
  readonly clock: () => Date;
}

/** The tension pages of the actor's council. */
export const tensionsBase = (actor: Actor) => `/c/${actor.council.slug}/tensions`;
