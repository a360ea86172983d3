/**
 * Commissioning's vocabulary: the stages of the commissioning cycle, the LGA's commissioning questions for
 * cohesion at each stage (source document 001, "Considering cohesion throughout the commissioning cycle"; the
 * wording shown to users is in the message catalogue under `commissioning.questions.<key>`), the LGA
 * self-assessment ratings, and the shapes the services exchange.
 */
export const STAGES = ['analyse', 'plan', 'do', 'review'] as const;
export type Stage = (typeof STAGES)[number];

/** Question keys by stage, in the order the LGA lists them. */
export const QUESTIONS: Readonly<Record<Stage, readonly string[]>> = {
  analyse: ['analyse.needsDiversity', 'analyse.vision', 'analyse.serviceOutcomes', 'analyse.recommission'],
  plan: ['plan.communitiesIncluded', 'plan.gapAnalysis'],
  do: ['do.marketShaping', 'do.benefitsRealised', 'do.communitiesRepresented'],
  review: ['review.outcomesImpact', 'review.moreCohesive', 'review.lessons'],
};
export const ALL_QUESTIONS: readonly string[] = STAGES.flatMap((s) => QUESTIONS[s]);

export const RATINGS = ['developing', 'achieving', 'excellent'] as const;
export type Rating = (typeof RATINGS)[number];

export const PROGRAMME_STATUSES = ['draft', 'open', 'closed'] as const;
export type ProgrammeStatus = (typeof PROGRAMME_STATUSES)[number];

export const GRANT_STATUSES = ['active', 'completed', 'withdrawn'] as const;
export type GrantStatus = (typeof GRANT_STATUSES)[number];

/** Link kinds a grant may point at (owned by the plans module). */
export const GRANT_LINK_KINDS = ['plan', 'plan.outcome'] as const;

/**
 * An organisation identifier in the org-id.guide form `<country>-<register>-<id>` (GB-CHC-1234567,
 * GB-COH-01234567), or a 360Giving fallback identifier `360G-…` for an organisation with no register entry.
 */
export const ORG_ID = /^(?:[A-Z]{2}-[A-Za-z0-9]{2,12}-[A-Za-z0-9_.-]{1,60}|360G-[A-Za-z0-9_.-]{1,100})$/;
/** A 360Giving grant identifier prefix, as registered with 360Giving. */
export const GRANT_PREFIX = /^360G-[A-Za-z0-9][A-Za-z0-9_.-]{0,60}$/;
export const PERIOD = /^[0-9]{4}-Q[1-4]$/;

/** The council's default prefix when it has not saved its registered one: `360G-<slug>`. */
export const defaultPrefix = (slug: string) => `360G-${slug}`;
/** The council's default funder identifier: a 360Giving fallback id under its prefix. */
export const defaultFunderId = (prefix: string) => `${prefix}-council`;

export interface ProgrammeInput {
  code: string;
  name: string;
  description: string;
  budget: number;
  startsOn: string;
  endsOn: string;
  areas: string[];
  status: ProgrammeStatus;
}

export interface ProgrammeRow {
  id: string;
  council_id: string;
  code: string;
  name: string;
  description: string;
  budget: number;
  starts_on: string;
  ends_on: string;
  areas: string[];
  status: ProgrammeStatus;
  updated_at: Date;
  grants: number;
  awarded: number;
}

export interface GrantInput {
  programmeId: string | null;
  recipientId: string;
  title: string;
  description: string;
  amount: number;
  awardDate: string;
  plannedStart: string | null;
  plannedEnd: string | null;
  areas: string[];
  status: GrantStatus;
  /** Links to other modules' records, as `{ kind, id }`. */
  links: { kind: string; id: string }[];
}

export interface GrantRow {
  id: string;
  council_id: string;
  identifier: string;
  programme_id: string | null;
  programme_code: string | null;
  programme_name: string | null;
  recipient_id: string;
  recipient_name: string;
  org_identifier: string | null;
  charity_number: string | null;
  company_number: string | null;
  title: string;
  description: string;
  amount: number;
  currency: string;
  award_date: string;
  planned_start: string | null;
  planned_end: string | null;
  areas: string[];
  status: GrantStatus;
  updated_at: Date;
}

export interface RecipientRow {
  organisation_id: string;
  name: string;
  org_identifier: string | null;
  charity_number: string;
  company_number: string;
}

export interface MeasureRow {
  id: string;
  grant_id: string;
  name: string;
  unit: string;
  target: number | null;
}

export interface ReturnRow {
  id: string;
  measure_id: string;
  measure_name: string;
  period: string;
  value: number;
  narrative: string;
  submitted_by_name: string | null;
  submitted_at: Date;
}

/** A problem in an imported file: its line (CSV) or grant number (JSON, 1-based), a catalogue key and params. */
export interface LineProblem {
  line: number;
  key: string;
  params?: Record<string, string | number>;
}
