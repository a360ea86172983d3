/**
 * The survey module's records and shared shapes: rows the repositories return, and what services hand to
 * routes. Types only, so repositories, services, routes and view models can all use them.
 */
import type { OptionSpec, QuestionKind, Section } from './bank.ts';
import type { BackgroundAttribute } from './contacts.ts';

export type { OptionSpec, QuestionKind, Section };

export interface StoredOption extends OptionSpec {
  label: string;
}

/** A question at one version, as the bank lists it or a wave asked it. */
export interface Question {
  id: string;
  council_id: string | null;
  code: string;
  section: Section;
  sort_order: number;
  version_id: string;
  version: number;
  kind: QuestionKind;
  wording: string;
  hint: string;
  options: StoredOption[];
  scale_min: number | null;
  scale_max: number | null;
  source: string;
  catalogue_key: string | null;
  version_created_at: Date;
}

export interface VersionRow {
  id: string;
  version: number;
  kind: QuestionKind;
  wording: string;
  hint: string;
  options: StoredOption[];
  scale_min: number | null;
  scale_max: number | null;
  source: string;
  created_at: Date;
}

export interface VersionInput {
  kind: QuestionKind;
  wording: string;
  hint: string;
  options: StoredOption[];
  scaleMin: number | null;
  scaleMax: number | null;
  source: string;
  catalogueKey: string | null;
}

/** A council's own question as typed on the form (a choice question, a 0–10 scale, or a name generator). */
export interface OwnQuestionInput {
  code: string;
  kind: 'choice' | 'scale' | 'contacts';
  wording: string;
  hint: string;
  options: string[];
  positiveCount: number;
  excludedCount: number;
  source: string;
  /** Name generator only: how many people may be named (1–10), the relationship answers, the backgrounds asked. */
  maxContacts?: number;
  relationships?: string[];
  backgrounds?: BackgroundAttribute[];
}

export interface SurveyRow {
  id: string;
  name: string;
  description: string;
  created_at: Date;
  waves: number;
}

export type WaveStatus = 'draft' | 'open' | 'closed';
export type WaveMode = 'online' | 'imported';

export interface WeightingRecord {
  iterations: number;
  maxError: number;
  epsilon: number;
  maxIterations: number;
  trim: { low: number; high: number; satisfied: boolean; rounds: number } | null;
  rescaledMargins: string[];
  n: number;
  excluded: number;
  deff: number;
  ess: number;
  min: number;
  max: number;
  mean: number;
  populationTotal: number;
  margins: string[];
}

export interface WaveRow {
  id: string;
  council_id: string;
  survey_id: string;
  survey_name: string;
  name: string;
  period: string;
  starts_on: string;
  ends_on: string;
  target_population: string;
  mode: WaveMode;
  status: WaveStatus;
  min_n: number;
  weighting: WeightingRecord | null;
  weighted_at: Date | null;
  margins_changed_at: Date | null;
  published_at: Date | null;
  created_at: Date;
  responses: number;
  completed: number;
}

export interface WaveInput {
  name: string;
  period: string;
  startsOn: string;
  endsOn: string;
  targetPopulation: string;
  mode: WaveMode;
}

/** A wave looked up by its public id alone (the anonymous survey link). */
export interface PublicWaveRow {
  id: string;
  council_id: string;
  survey_name: string;
  name: string;
  status: WaveStatus;
  mode: WaveMode;
  ends_on: string;
}

export type Answers = Record<string, string | number>;

export interface ResponseRow {
  id: string;
  answers: Answers;
  completed_at: Date | null;
  weight: number | null;
  source: string;
  external_id: string | null;
}

/** An uploaded fieldwork file waiting for its column mapping: its header and how many rows it has. */
export interface ImportRow {
  id: string;
  filename: string;
  columns: string[];
  row_count: number;
  completed_at: Date | null;
}

/** One parsed data row of an upload: its line in the file and its cells, in column order. */
export interface ImportDataRow {
  line: number;
  cells: string[];
}

export interface MarginRow {
  variable: string;
  category: string;
  population: number;
  source: string;
}

export interface BenchmarkRow {
  question_code: string;
  value: number;
  label: string;
}

/** A ward of the council (code and name), from the shared geography. */
export interface Ward {
  code: string;
  name: string;
}

/** One problem in an uploaded file or pasted margins, with its line. */
export interface LineProblem {
  line: number;
  key: string;
  params: Record<string, string | number>;
}
