/** Builds connect's services once, from the module's context. Called only by the module's index.ts. */
import type { ConnectContext } from './context.ts';
import { PlacementService } from './placement.ts';
import { ProgrammesService } from './programmes.ts';
import { RetentionService } from './retention.ts';
import { VolunteersService } from './volunteers.ts';
import { WaitlistService } from './waitlist.ts';

export interface ConnectServices {
  /** Programmes and their classes. */
  readonly programmes: ProgrammesService;
  /** Waiting lists, statuses and offers. */
  readonly waitlist: WaitlistService;
  /** Volunteers of friendship programmes. */
  readonly volunteers: VolunteersService;
  /** Exact placement, linking and pairing runs. */
  readonly placement: PlacementService;
  /** Erasure of personal data on the retention schedule. */
  readonly retention: RetentionService;
}

export function createConnectServices(ctx: ConnectContext): ConnectServices {
  return {
    programmes: new ProgrammesService(ctx),
    waitlist: new WaitlistService(ctx),
    volunteers: new VolunteersService(ctx),
    placement: new PlacementService(ctx),
    retention: new RetentionService(ctx),
  };
}
