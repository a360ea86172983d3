/** The networks module's services, built once (called only by the module's index.ts). */
import { NetworkStudies, type NetworksContext } from './studies.ts';

export interface NetworksServices {
  studies: NetworkStudies;
}

export function createNetworksServices(ctx: NetworksContext): NetworksServices {
  return { studies: new NetworkStudies(ctx) };
}
