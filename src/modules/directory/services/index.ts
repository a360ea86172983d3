/** The directory's services, built once (called only by the module's index.ts). */
import type { DirectoryContext } from './context.ts';
import { DirectoryEntries } from './entries.ts';
import { ProvisionService } from './provision.ts';

export interface DirectoryServices {
  entries: DirectoryEntries;
  provision: ProvisionService;
}

export function createDirectoryServices(ctx: DirectoryContext): DirectoryServices {
  const entries = new DirectoryEntries(ctx);
  return { entries, provision: new ProvisionService(ctx, entries) };
}
