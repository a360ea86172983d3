/**
 * The council's wards and their boundaries, read through GeographyService. Wards are cached for five minutes
 * (the intake resolves a ward for every report, and ward lists change only when geography is imported).
 */
import type { Council } from '../../../kernel/actor.ts';
import type { TensionsContext } from './context.ts';

export interface Ward {
  code: string;
  name: string;
}

const WARD_CACHE_MS = 300_000;

export class PlacesService {
  private readonly cache = new Map<string, { at: number; wards: Ward[] }>();

  constructor(private readonly ctx: TensionsContext) {}

  /** The council's wards, by name. */
  async wards(council: Pick<Council, 'id' | 'areaCode'>): Promise<Ward[]> {
    if (!council.areaCode) return [];
    const now = Date.now();
    const hit = this.cache.get(council.id);
    if (hit && now - hit.at < WARD_CACHE_MS) return hit.wards;
    const wards = (await this.ctx.geography.descendants(council.areaCode, 'ward')).map((w) => ({
      code: w.code,
      name: w.name,
    }));
    this.cache.set(council.id, { at: now, wards });
    return wards;
  }

  /** One of the council's wards, or null. */
  async ward(council: Pick<Council, 'id' | 'areaCode'>, code: string): Promise<Ward | null> {
    return (await this.wards(council)).find((w) => w.code === code) ?? null;
  }

  /** Boundaries of the given wards, for the map. */
  boundaries(codes: string[]): Promise<{ code: string; geometry: unknown }[]> {
    return codes.length ? this.ctx.geography.boundaries(codes) : Promise.resolve([]);
  }

  /** The council's partner organisations (to assign, share and restrict to). */
  organisations(council: Pick<Council, 'id'>) {
    return this.ctx.admin.organisations(council.id);
  }
}
