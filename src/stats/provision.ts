/**
 * Provision of community services against the population they are for: how many places reach each ward, and
 * whether the groups services say they serve get places in proportion to their share of the population.
 *
 * Inputs: wards w with census counts p_wg over groups g (total P_w ≥ Σ_g p_wg), and services s with a
 * capacity c_s (places), a service area A_s (a set of wards; empty = every ward) and the groups G_s they are
 * for (empty = everyone).
 *
 * - Places reaching ward w: a service's capacity is shared across its area in proportion to population,
 *   x_sw = c_s P_w / Σ_{v∈A_s} P_v, and places_w = Σ_s x_sw; reported per 1,000 residents (1000 places_w / P_w).
 * - A ward is a gap when no service covers it, or when its places per 1,000 residents are below half the
 *   median over wards (a relative poverty-line style threshold, as in the ONS "60% of median" convention but
 *   at 50% since capacity data are coarse).
 * - Who a service reaches: the share of its area's residents in the groups it is for,
 *   r_s = Σ_{w∈A_s} Σ_{g∈G_s} p_wg / Σ_{w∈A_s} P_w.
 * - Representation of a group g: targeted places y_g = Σ_{s: g∈G_s} c_s π_sg, where π_sg is g's share of the
 *   population of G_s in A_s (a service for several groups divides its places by their population), against
 *   g's share of the population; ratio = (y_g / Σ_h y_h) / (P_g / Σ_h P_h). A ratio below 1 means the group
 *   gets fewer targeted places than its share of residents.
 * Services without a capacity are counted as covering their wards but add no places.
 */
import { median } from './median.ts';

export interface WardPopulation {
  readonly code: string;
  readonly name: string;
  readonly total: number;
  /** Counts by group, aligned with the categories. */
  readonly counts: readonly number[];
}

export interface ServiceProvision {
  readonly id: string;
  readonly capacity: number | null;
  /** Ward codes; empty = every ward. */
  readonly areas: readonly string[];
  /** Categories the service is for; empty = everyone. */
  readonly serves: readonly string[];
}

export interface WardProvision {
  readonly code: string;
  readonly name: string;
  readonly population: number;
  readonly services: number;
  readonly places: number;
  readonly placesPer1000: number | null;
  readonly gap: boolean;
}

export interface ServiceReach {
  readonly id: string;
  /** Residents of the service area. */
  readonly areaPopulation: number;
  /** Share of them in the groups the service is for (1 when it is for everyone); null without population. */
  readonly servedShare: number | null;
}

export interface GroupRepresentation {
  readonly group: string;
  readonly population: number;
  readonly populationShare: number;
  readonly targetedPlaces: number;
  readonly placesShare: number | null;
  readonly ratio: number | null;
}

export interface Provision {
  readonly wards: readonly WardProvision[];
  readonly services: readonly ServiceReach[];
  readonly groups: readonly GroupRepresentation[];
  /** Median places per 1,000 residents over wards with residents. */
  readonly medianPer1000: number | null;
}

export function provision(
  categories: readonly string[],
  wards: readonly WardPopulation[],
  services: readonly ServiceProvision[],
): Provision {
  const wardIndex = new Map(wards.map((w, i) => [w.code, i]));
  const groupIndex = new Map(categories.map((g, i) => [g, i]));
  const places = new Float64Array(wards.length);
  const covering = new Int32Array(wards.length);
  const targeted = new Float64Array(categories.length);
  const reach: ServiceReach[] = [];
  for (const s of services) {
    const area = (s.areas.length ? s.areas : wards.map((w) => w.code))
      .map((c) => wardIndex.get(c))
      .filter((i): i is number => i !== undefined);
    const unique = [...new Set(area)];
    const areaPopulation = unique.reduce((sum, i) => sum + wards[i].total, 0);
    for (const i of unique) covering[i]++;
    if (s.capacity !== null && s.capacity > 0 && areaPopulation > 0)
      for (const i of unique) places[i] += (s.capacity * wards[i].total) / areaPopulation;
    const served = s.serves.map((g) => groupIndex.get(g)).filter((g): g is number => g !== undefined);
    const groupPop = served.map((g) => unique.reduce((sum, i) => sum + (wards[i].counts[g] ?? 0), 0));
    const servedPop = groupPop.reduce((a, b) => a + b, 0);
    reach.push({
      id: s.id,
      areaPopulation,
      servedShare: areaPopulation > 0 ? (s.serves.length === 0 ? 1 : servedPop / areaPopulation) : null,
    });
    if (s.capacity !== null && s.capacity > 0 && servedPop > 0)
      served.forEach((g, k) => (targeted[g] += (s.capacity ?? 0) * (groupPop[k] / servedPop)));
  }
  const per1000 = wards.map((w, i) => (w.total > 0 ? (1000 * places[i]) / w.total : null));
  const med = median(per1000.filter((v): v is number => v !== null));
  const wardRows = wards.map((w, i) => ({
    code: w.code,
    name: w.name,
    population: w.total,
    services: covering[i],
    places: places[i],
    placesPer1000: per1000[i],
    gap: covering[i] === 0 || (med !== null && per1000[i] !== null && (per1000[i] ?? 0) < med / 2),
  }));
  const groupPop = categories.map((_, g) => wards.reduce((sum, w) => sum + (w.counts[g] ?? 0), 0));
  const totalPop = groupPop.reduce((a, b) => a + b, 0);
  const totalTargeted = targeted.reduce((a, b) => a + b, 0);
  const groups = categories.map((group, g) => {
    const populationShare = totalPop > 0 ? groupPop[g] / totalPop : 0;
    const placesShare = totalTargeted > 0 ? targeted[g] / totalTargeted : null;
    return {
      group,
      population: groupPop[g],
      populationShare,
      targetedPlaces: targeted[g],
      placesShare,
      ratio: placesShare !== null && populationShare > 0 ? placesShare / populationShare : null,
    };
  });
  return { wards: wardRows, services: reach, groups, medianPer1000: med };
}
