/** View helpers shared by commissioning's pages: the council's wards by name. */
import type { Council } from '../../kernel/actor.ts';
import type { CommissioningServices } from './services/index.ts';

export function wardsOfCouncil(services: CommissioningServices, council: Council) {
  return services.programmes.wards(council);
}
