/** `cohesion evaluate match | did | power`: the evaluation library (src/stats/evaluation) on a CSV. */
export { evaluateMatchCommand, type MatchReport } from './match.ts';
export { evaluateDidCommand } from './did.ts';
export { evaluatePowerCommand } from './power.ts';
