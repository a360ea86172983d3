/**
 * Sections other modules contribute to the council's quarterly cabinet performance report (owned by the plans
 * module), so the report shows grants awarded, evaluations concluded or tension trends without the plans
 * module importing those modules. Sections are plain data so they render the same in HTML and PDF.
 */
import type { Actor } from './actor.ts';

export interface ReportPeriod {
  /** For example "2026-Q3". */
  readonly label: string;
  /** Inclusive start and exclusive end. */
  readonly from: Date;
  readonly to: Date;
}

export interface ReportTable {
  readonly caption: string;
  readonly head: readonly string[];
  /** Already formatted for display; small counts already suppressed by the contributing module. */
  readonly rows: readonly (readonly string[])[];
  /** Which columns are numeric (right-aligned). */
  readonly numeric?: readonly boolean[];
  /**
   * Which columns hold stored text (titles, names written by staff): a web page shows them through the `stored`
   * filter, translated when they are catalogue text and otherwise marked with the language they were written in.
   */
  readonly stored?: readonly boolean[];
}

export interface ReportSection {
  /** Stable key, for example "commissioning.grants"; sections are ordered by module order. */
  readonly key: string;
  readonly title: string;
  readonly paragraphs: readonly string[];
  readonly tables: readonly ReportTable[];
}

/**
 * A module's contribution to the report for this actor and period, already translated: one section, several (a
 * module that runs several kinds of programme gives each its own heading), or null. Never writes.
 */
export type ReportContributor = (
  actor: Actor,
  period: ReportPeriod,
  lang: string,
) => Promise<ReportSection | readonly ReportSection[] | null>;
