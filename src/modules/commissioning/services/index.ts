/** Builds commissioning's services once, sharing one context. Only the module's index.ts calls this. */
import type { CommissioningContext } from './context.ts';
import { GivingService } from './giving.ts';
import { GrantsService } from './grants.ts';
import { ProgrammesService } from './programmes.ts';

export interface CommissioningServices {
  /** Programmes, their commissioning checklist and self-assessment, and the council's 360Giving settings. */
  readonly programmes: ProgrammesService;
  /** Grants, recipients' details, links, outcome measures and monitoring returns. */
  readonly grants: GrantsService;
  /** 360Giving export and import. */
  readonly giving: GivingService;
}

export function createCommissioningServices(ctx: CommissioningContext): CommissioningServices {
  const programmes = new ProgrammesService(ctx);
  return { programmes, grants: new GrantsService(ctx, programmes), giving: new GivingService(ctx, programmes) };
}

export type { CommissioningContext, GivingService, GrantsService, ProgrammesService };
