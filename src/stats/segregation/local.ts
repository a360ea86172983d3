/**
 * Local contributions ("impacts") of higher-level places to an index of
 * dissimilarity, in the manner of `impacts()` in the R package MLID
 * (Harris 2017).
 *
 * The two-group index of dissimilarity is a sum over areas:
 *   D = Σ_i c_i,  c_i = ½ |r_i|,  r_i = y_i / Y − x_i / X,
 * so the areas inside a higher-level place g (say the output areas of one
 * local authority) contribute C_g = Σ_{i∈g} c_i. For each place we report:
 *
 *   contribution  C_g (in index units; the C_g add up to D)
 *   indexShare    C_g / D                       (MLID `pcntID` / 100)
 *   areaShare     n_g / n                       (MLID `pcntN` / 100)
 *   impact        indexShare / areaShare        (MLID `impact` / 100); above 1
 *                 means the place's areas contribute more than their number suggests
 *   scaledMean    (mean_{i∈g} r_i − mean_i r_i) / s   (MLID `scldMean`)
 *   scaledSd      sd_{i∈g} r_i / s                    (MLID `scldSD`; sample sd, null if n_g < 2)
 *
 * where s = sqrt(Σ_i r_i² / n) is the residual standard error of MLID's
 * regression y_i/Y = x_i/X + r_i (no fitted parameters, so n degrees of
 * freedom). A positive scaledMean means the place holds a greater share of
 * Y than of X. Differences from MLID: areas with no population in the
 * comparison are left out of n and n_g (MLID counts them), and values are
 * not rounded. Values that would divide by zero (D = 0, s = 0) are null.
 *
 * The multi-group dissimilarity index (Reardon & Firebaugh 2002) is also a
 * sum over areas, c_i = Σ_m |t_im − t_i π_m| / (2 T I), so the same table is
 * available for it (without the signed scaledMean/scaledSd, which are null).
 *
 * Reference: Harris, R. (2017) MLID: Tools and functions to fit a multilevel
 * index of dissimilarity, R package version 1.0.1, University of Bristol;
 * Harris, R. (2017) "Measuring the scales of segregation: looking at the
 * residential separation of White British and other schoolchildren in
 * England using a multilevel index of dissimilarity", Transactions of the
 * Institute of British Geographers 42(3): 432–444.
 */
import { areaPopulations, validateGrouping, validateMatrix, validateTwoGroup } from './matrix.ts';
import { assertDefined, type PairLabels } from './twoGroup.ts';
import { SegregationError, type CountsMatrix, type Grouping, type TwoGroupCounts } from './types.ts';

export interface LocalContribution {
  /** The higher-level place (a label of the grouping). */
  readonly unit: string;
  /** Populated areas in the place (n_g). */
  readonly areas: number;
  /** C_g: the place's part of the index; the contributions sum to the index. */
  readonly contribution: number;
  readonly indexShare: number | null;
  readonly areaShare: number;
  readonly impact: number | null;
  readonly scaledMean: number | null;
  readonly scaledSd: number | null;
}

/** Each area's part of an index, ready to be summed by any geography. */
export interface AreaContributions {
  /** c_i ≥ 0; the c_i add up to the index. */
  readonly contribution: Float64Array;
  /** Signed r_i (two-group D only), or null. */
  readonly residual: Float64Array | null;
  /** 1 for areas counted (population > 0), 0 for areas left out. */
  readonly include: Uint8Array;
}

/**
 * Aggregate per-area contributions by a grouping: one row per place with at
 * least one included area, in label order.
 */
export function aggregateContributions(area: AreaContributions, grouping: Grouping): LocalContribution[] {
  const { contribution, residual, include } = area;
  const areas = contribution.length;
  validateGrouping(grouping, areas);
  const units = grouping.labels.length;
  const count = new Float64Array(units);
  const sum = new Float64Array(units);
  const rSum = new Float64Array(units);
  let n = 0;
  let index = 0;
  let rAll = 0;
  let r2All = 0;
  for (let a = 0; a < areas; a++) {
    if (!include[a]) continue;
    const u = grouping.index[a];
    count[u]++;
    sum[u] += contribution[a];
    n++;
    index += contribution[a];
    if (residual) {
      rSum[u] += residual[a];
      rAll += residual[a];
      r2All += residual[a] * residual[a];
    }
  }
  // Second pass for within-place spread around each place's mean.
  const rDev = new Float64Array(units);
  if (residual) {
    for (let a = 0; a < areas; a++) {
      if (!include[a]) continue;
      const u = grouping.index[a];
      const d = residual[a] - rSum[u] / count[u];
      rDev[u] += d * d;
    }
  }
  const se = residual && n > 0 ? Math.sqrt(r2All / n) : 0;
  const meanAll = n > 0 ? rAll / n : 0;
  const rows: LocalContribution[] = [];
  for (let u = 0; u < units; u++) {
    if (count[u] === 0) continue;
    const indexShare = index > 0 ? sum[u] / index : null;
    const areaShare = count[u] / n;
    rows.push({
      unit: grouping.labels[u],
      areas: count[u],
      contribution: sum[u],
      indexShare,
      areaShare,
      impact: indexShare === null ? null : indexShare / areaShare,
      scaledMean: se > 0 ? (rSum[u] / count[u] - meanAll) / se : null,
      scaledSd: se > 0 && count[u] > 1 ? Math.sqrt(rDev[u] / (count[u] - 1)) / se : null,
    });
  }
  return rows;
}

/**
 * Each area's part of the two-group D of Y vs X: c_i = ½ |r_i|,
 * r_i = y_i/Y − x_i/X (population per area = y + x). Throws if D is undefined.
 */
export function dissimilarityAreaContributions(c: TwoGroupCounts, labels?: PairLabels): AreaContributions {
  validateTwoGroup(c);
  const n = c.y.length;
  let Y = 0;
  let X = 0;
  let areas = 0;
  const include = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (c.y[i] + c.x[i] > 0) {
      include[i] = 1;
      Y += c.y[i];
      X += c.x[i];
      areas++;
    }
  }
  assertDefined({ areas, y: Y, x: X }, labels);
  const residual = new Float64Array(n);
  const contribution = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (!include[i]) continue;
    const r = c.y[i] / Y - c.x[i] / X;
    residual[i] = r;
    contribution[i] = Math.abs(r) / 2;
  }
  return { contribution, residual, include };
}

/** Impacts of each place on the two-group D of Y vs X. Throws if D is undefined. */
export function dissimilarityContributions(
  c: TwoGroupCounts,
  grouping: Grouping,
  labels?: PairLabels,
): LocalContribution[] {
  return aggregateContributions(dissimilarityAreaContributions(c, labels), grouping);
}

/**
 * Each area's part of the multi-group D: c_i = Σ_m |t_im − t_i π_m| / (2 T I)
 * (population per area as in {@link areaPopulations}; any unlisted remainder
 * counts as one more group). Throws if the index is undefined.
 */
export function multiGroupAreaContributions(m: CountsMatrix): AreaContributions {
  validateMatrix(m);
  return multiGroupAreaContributionsUnchecked(m);
}

/** {@link multiGroupAreaContributions} for an already validated matrix. */
export function multiGroupAreaContributionsUnchecked(m: CountsMatrix): AreaContributions {
  const g = m.groups.length;
  const pops = areaPopulations(m);
  const groupTotals = new Float64Array(g + 1); // last slot: unlisted remainder
  const include = new Uint8Array(m.areas);
  let T = 0;
  for (let a = 0, k = 0; a < m.areas; a++) {
    let listed = 0;
    for (let j = 0; j < g; j++, k++) {
      groupTotals[j] += m.counts[k];
      listed += m.counts[k];
    }
    if (pops[a] > 0) {
      include[a] = 1;
      T += pops[a];
      groupTotals[g] += Math.max(0, pops[a] - listed);
    }
  }
  if (!(T > 0)) throw new SegregationError('EMPTY_INPUT', 'no area has a positive population');
  const share = Float64Array.from(groupTotals, (v) => v / T);
  let I = 0;
  let present = 0;
  for (const s of share) {
    I += s * (1 - s);
    if (s > 0) present++;
  }
  if (present < 2) {
    throw new SegregationError(
      'SINGLE_GROUP',
      'fewer than two groups have members, so multi-group segregation is undefined',
    );
  }
  const contribution = new Float64Array(m.areas);
  const scale = 1 / (2 * T * I);
  for (let a = 0, k = 0; a < m.areas; a++, k += g) {
    if (!include[a]) continue;
    const t = pops[a];
    let listed = 0;
    let sum = 0;
    for (let j = 0; j < g; j++) {
      const v = m.counts[k + j];
      listed += v;
      sum += Math.abs(v - t * share[j]);
    }
    sum += Math.abs(Math.max(0, t - listed) - t * share[g]);
    contribution[a] = sum * scale;
  }
  return { contribution, residual: null, include };
}

/** Impacts of each place on the multi-group dissimilarity index. Throws if the index is undefined. */
export function multiGroupDissimilarityContributions(m: CountsMatrix, grouping: Grouping): LocalContribution[] {
  return aggregateContributions(multiGroupAreaContributions(m), grouping);
}
