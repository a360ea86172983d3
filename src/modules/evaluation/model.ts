/** The evaluation module's records and shared shapes (types and small constants only). */
import type { LinkRef } from '../../kernel/links.ts';

/** Designs the service can analyse, in the Magenta Book's terms (HM Treasury 2020, ch. 3). */
export const DESIGNS = ['pre-post', 'matched', 'matched-did', 'did', 'randomised'] as const;
export type Design = (typeof DESIGNS)[number];

export const STATUSES = ['planning', 'analysed', 'concluded'] as const;
export type Status = (typeof STATUSES)[number];

/**
 * Outcome items, each one question of the survey question bank (src/modules/survey/bank.ts), reported on its
 * own: the four ONS personal well-being questions are separate items and are never combined into a score.
 * `share`: the proportion giving the bank's positive answer (0/1 per person); `score`: the 0–10 answer.
 */
export interface OutcomeItem {
  readonly code: string;
  readonly scale: 'share' | 'score';
  /** Whether an increase is an improvement (anxiety and same-group friendships: no). */
  readonly higherIsBetter: boolean;
}

export const OUTCOME_ITEMS: readonly OutcomeItem[] = [
  { code: 'belonging', scale: 'share', higherIsBetter: true },
  { code: 'trust_neighbours', scale: 'share', higherIsBetter: true },
  { code: 'get_on_local', scale: 'share', higherIsBetter: true },
  { code: 'friends_ethnicity', scale: 'share', higherIsBetter: false },
  { code: 'life_satisfaction', scale: 'score', higherIsBetter: true },
  { code: 'worthwhile', scale: 'score', higherIsBetter: true },
  { code: 'happiness', scale: 'score', higherIsBetter: true },
  { code: 'anxiety', scale: 'score', higherIsBetter: false },
];

export const outcomeItem = (code: string): OutcomeItem | undefined => OUTCOME_ITEMS.find((o) => o.code === code);

/** Inputs → activities → outputs → outcomes → impact, with the assumptions that link them. */
export const THEORY_STAGES = ['inputs', 'activities', 'outputs', 'outcomes', 'impact'] as const;
export type TheoryStage = (typeof THEORY_STAGES)[number];
export type Theory = Partial<Record<TheoryStage | 'assumptions', string[]>>;

/** The evaluation plan: questions, data sources and the power calculation's inputs. */
export interface Plan {
  questions?: string[];
  dataSources?: string[];
  /** Planned participants and comparison group. */
  nTreated?: number;
  nControl?: number;
  /** Outcome SD (scores) or the comparison group's expected share, 0–1 (shares). */
  sd?: number;
  baseline?: number;
  icc?: number;
  clusterSize?: number;
  /** Correlation between a person's answers before and after (pre/post and panel designs). */
  correlation?: number;
  /** Programme wards (the treated areas for a DiD on survey waves). */
  wardCodes?: string[];
  /** Survey waves for a DiD on the council's survey: before and after. */
  preWaveId?: string;
  postWaveId?: string;
  /**
   * Further survey waves for an event study (a DiD with more than two periods): waves before the pre wave
   * check the trends before the programme, waves after the post wave show how the effect lasts.
   */
  extraWaveIds?: string[];
  /**
   * The participant questionnaire collected online through the survey module: its survey and the two online
   * waves participants answer before and after the programme (see QuestionnaireService.create). Set only by
   * that service; saving the plan form keeps it.
   */
  participantWaves?: { surveyId: string; before: string; after: string };
  /** Declared for Nesta levels 4–5. */
  independentReplication?: boolean;
}

/**
 * The evaluation's short reference (EV- and the first 8 hex digits of its id), shown on its overview and added to
 * the names of records made for it elsewhere, such as its participant questionnaire's survey, so evaluations
 * with the same title stay apart.
 */
export function evaluationReference(id: string): string {
  return `EV-${id.replace(/-/g, '').slice(0, 8).toUpperCase()}`;
}

export interface EvaluationRow {
  id: string;
  council_id: string;
  title: string;
  summary: string;
  design: Design;
  outcome_code: string;
  status: Status;
  links: LinkRef[];
  theory: Theory;
  plan: Plan;
  result: AnalysisResult | null;
  analysed_at: Date | null;
  concluded_at: Date | null;
  created_at: Date;
  participants?: number;
}

export interface BalanceLine {
  covariate: string;
  meanTreatedBefore: number | null;
  meanControlBefore: number | null;
  smdBefore: number | null;
  smdAfter: number | null;
  varianceRatioAfter: number | null;
}

/** What the analysis found, stored when it is run (pages never recompute on a GET). */
export interface AnalysisResult {
  design: Design;
  outcome: string;
  scale: 'share' | 'score';
  estimate: number;
  se: number;
  ciLow: number;
  ciHigh: number;
  pValue: number;
  df: number;
  n: number;
  clusters: number | null;
  nTreated: number;
  nControl: number;
  /** Means before/after for the participant-only design. */
  meanPre?: number;
  meanPost?: number;
  balance: BalanceLine[] | null;
  balanceAchieved: boolean | null;
  /** DiD on survey waves: how many programme wards (clusters) there were. */
  treatedClusters?: number;
  /** DiD on more than two survey waves: the event study and its pre-trend check. */
  eventStudy?: EventStudySummary;
  /** Either group smaller than the survey's minimum base: figures are not shown. */
  suppressed: boolean;
  minN: number;
  evidence: { sms: number; nesta: number; reasons: string[] };
  /** Where the data came from, for the report (e.g. the waves compared). */
  source: string;
}

/** One period (survey wave) of an event study, relative to the reference period (the last before the programme). */
export interface EventStudyPeriod {
  label: string;
  /** After the programme started. */
  post: boolean;
  reference: boolean;
  estimate: number;
  se: number;
  ciLow: number;
  ciHigh: number;
  /** Respondents in the programme wards and elsewhere in this period. */
  nTreated: number;
  nControl: number;
}

export interface EventStudySummary {
  periods: EventStudyPeriod[];
  /** Joint test that every pre-programme effect is zero; null with a single period before the programme. */
  preTrend: { statistic: number; df1: number; df2: number; pValue: number; passed: boolean } | null;
}

/** One participant row as imported. */
export interface ParticipantInput {
  externalId: string;
  line: number;
  treated: boolean;
  wardCode: string | null;
  pre: number | null;
  post: number | null;
  covariates: Record<string, number>;
}

/** One problem in an uploaded file, with its line (1 = header). */
export interface LineProblem {
  line: number;
  key: string;
  params: Record<string, string | number>;
}
