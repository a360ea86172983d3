/**
 * Network analysis: public API. Pure maths over compressed sparse rows; see
 * each module's header for the formula or algorithm and its source.
 */
export * from './types.ts';
export {
  type Tie,
  type GraphInput,
  type Components,
  buildGraph,
  degrees,
  isolates,
  components,
  nodeIndex,
} from './graph.ts';
export {
  type Betweenness,
  type Closeness,
  type Centralities,
  betweenness,
  closeness,
  centralities,
} from './centrality.ts';
export { type LouvainOptions, type Communities, louvain, modularity } from './community.ts';
export { type GroupMixing, type Mixing, mixing } from './mixing.ts';
export {
  type BrokerOptions,
  type Broker,
  type BridgingTie,
  type Bridges,
  brokers,
  bridgingTies,
  quantile7,
} from './brokers.ts';
export { type SummaryInput, type NodeSummary, type NetworkSummary, summariseNetwork } from './summary.ts';
export { type LayoutOptions, type Layout, forceLayout } from './layout.ts';
