/**
 * Capacity and who each group serves against the population of its service area, and gaps by ward
 * (src/stats/provision.ts). Population: the council's ethnic group census dataset (the one insight offers
 * first), by ward, read through geography's public services; a ward without its own counts is the sum of its
 * small areas.
 */
import type { Council } from '../../../kernel/actor.ts';
import type { ChoroplethFeature } from '../../../charts/index.ts';
import { provision, type Provision, type WardPopulation } from '../../../stats/provision.ts';
import type { DirectoryOrganisation } from '../model.ts';
import type { DirectoryContext } from './context.ts';
import type { DirectoryEntries } from './entries.ts';

export interface ProvisionView {
  readonly dataset: { code: string; name: string; period: string } | null;
  readonly categories: readonly string[];
  readonly result: Provision;
  readonly organisations: readonly DirectoryOrganisation[];
  readonly features: readonly ChoroplethFeature[];
}

export class ProvisionService {
  constructor(
    private readonly ctx: DirectoryContext,
    private readonly entries: DirectoryEntries,
  ) {}

  private async wardPopulation(
    council: Pick<Council, 'id' | 'areaCode'>,
    dataset: string,
    wards: { code: string; name: string }[],
  ): Promise<WardPopulation[]> {
    const own = await this.ctx.geography.population(
      council,
      dataset,
      wards.map((w) => w.code),
    );
    const out: WardPopulation[] = [];
    for (const w of wards) {
      const row = own?.rows.get(w.code);
      if (row) {
        out.push({ code: w.code, name: w.name, total: Number(row.total), counts: row.counts.map(Number) });
        continue;
      }
      let level: 'lsoa' | 'oa' = 'lsoa';
      let small = await this.ctx.geography.descendants(w.code, level);
      if (!small.length) {
        level = 'oa';
        small = await this.ctx.geography.descendants(w.code, level);
      }
      const rows = (
        await this.ctx.geography.population(
          council,
          dataset,
          small.map((a) => a.code),
        )
      )?.rows;
      let total = 0;
      const counts: number[] = [];
      for (const r of rows?.values() ?? []) {
        total += Number(r.total);
        r.counts.forEach((c, g) => (counts[g] = (counts[g] ?? 0) + Number(c)));
      }
      out.push({ code: w.code, name: w.name, total, counts });
    }
    return out;
  }

  /**
   * Provision from the active services of the council's groups (only those `include` keeps, when given), without
   * the ward boundaries the map needs.
   */
  async figures(
    council: Pick<Council, 'id' | 'areaCode'>,
    include?: (organisationId: string) => boolean,
  ): Promise<Omit<ProvisionView, 'features'> & { wards: Awaited<ReturnType<DirectoryEntries['wards']>> }> {
    const [wards, groups, all] = await Promise.all([
      this.entries.wards(council),
      this.entries.groups(council),
      this.entries.all(council),
    ]);
    const organisations = include ? all.filter((o) => include(o.id)) : all;
    const meta = groups ? await this.ctx.geography.dataset(council, groups.dataset) : undefined;
    const categories = groups?.categories ?? [];
    const population = groups ? await this.wardPopulation(council, groups.dataset, wards) : [];
    const services = organisations.flatMap((o) =>
      o.services
        .filter((s) => s.status === 'active')
        .map((s) => ({ id: s.id, capacity: s.capacity, areas: s.areas, serves: s.serves })),
    );
    return {
      dataset: meta ? { code: meta.code, name: meta.name, period: meta.period } : null,
      categories,
      result: provision(categories, population, services),
      organisations,
      wards,
    };
  }

  async view(council: Pick<Council, 'id' | 'areaCode'>): Promise<ProvisionView> {
    const { wards, ...figures } = await this.figures(council);
    return { ...figures, features: await this.ctx.geography.features(wards) };
  }
}
