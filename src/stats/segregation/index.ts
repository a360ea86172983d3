/**
 * Segregation engine: public API. Pure maths over typed arrays; see
 * docs/methods/segregation.md for the plain-English account of every index.
 */
export * from './types.ts';
export {
  validateMatrix,
  validateTwoGroup,
  areaPopulations,
  rowSums,
  groupIndex,
  groupColumn,
  againstRest,
  pairCounts,
  subsetAreas,
  groupingFromValues,
  partitionAreas,
  subsetGrouping,
  validateGrouping,
} from './matrix.ts';
export {
  type TwoGroupIndices,
  type TwoGroupSums,
  type PairLabels,
  twoGroupIndices,
  twoGroupSums,
  indicesFromSums,
  dissimilarity,
  gini,
  theilEntropy,
  isolation,
  interaction,
  correlationRatio,
  atkinson,
} from './twoGroup.ts';
export {
  type MultiGroupIndices,
  type GroupSums,
  multiGroupIndices,
  multiGroupFromSums,
  perGroupSums,
  diversity,
  simpsonsInteraction,
} from './multiGroup.ts';
export {
  type LocalContribution,
  type AreaContributions,
  aggregateContributions,
  dissimilarityAreaContributions,
  dissimilarityContributions,
  multiGroupAreaContributions,
  multiGroupDissimilarityContributions,
} from './local.ts';
export {
  type SimulationOptions,
  type ExpectedDissimilarity,
  type BootstrapOptions,
  type BootstrapInterval,
  expectedDissimilarity,
  adjustedDissimilarity,
  bootstrapInterval,
} from './inference.ts';
export {
  type Level,
  type AnalysisOptions,
  type GroupResult,
  type PairResult,
  type ImpactTable,
  type ScopeResult,
  analyseScope,
  analyseScopes,
} from './analyse.ts';
