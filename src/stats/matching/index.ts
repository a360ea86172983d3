/**
 * Optimal matching: public API. Exact optima (min-cost flow, weighted
 * blossom) with an explanation, as a code and parameters, for every person;
 * see each module's header for the model and its sources.
 */
export * from './types.ts';
export { type TransportProblem, type TransportSolution, maxWeightTransport, verifyCertificate } from './mincostflow.ts';
export { maxWeightMatching } from './blossom.ts';
export {
  type Learner,
  type EsolClass,
  type EsolOptions,
  type EsolCode,
  type LearnerOutcome,
  type ClassOutcome,
  type EsolPlacement,
  esolScore,
  placeEsolLearners,
} from './esol.ts';
export {
  type LinkClass,
  type LinkOptions,
  type LinkCode,
  type LinkOutcome,
  type LinkPair,
  type Linking,
  linkSchoolClasses,
} from './linking.ts';
export {
  type Volunteer,
  type FriendshipOptions,
  type FriendshipCode,
  type FriendshipOutcome,
  type Friendships,
  pairFriendships,
} from './friendships.ts';
