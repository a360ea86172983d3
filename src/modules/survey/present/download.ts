/**
 * The results download (CSV and JSON): every figure the results page shows for one question, one row for the
 * council, each ward and each group of the chosen breakdown. Each column holds one unit (percentages for a
 * proportion, scores for a 0–10 scale, named in the header), headers and words are in the page's language, and
 * suppressed estimates stay blank. The code column (GSS code of the council or ward, answer code of a group)
 * is there to join the figures with other data; docs/methods/survey.md §11 describes every column.
 */
import { councilLanguage, langOf, storedText, type Translate } from '../../../i18n/index.ts';
import type { Council } from '../../../kernel/actor.ts';
import type { Estimate, WaveChange } from '../../../stats/survey/index.ts';
import type { WaveRow } from '../model.ts';
import type { QuestionResults } from '../services/results.ts';

/** The columns of the download, in order; `survey.results.csv.<key>` is each header. */
export const DOWNLOAD_COLUMNS = [
  'survey',
  'wave',
  'period',
  'question_code',
  'question',
  'breakdown',
  'name',
  'code',
  'respondents',
  'estimate',
  'standard_error',
  'ci_lower',
  'ci_upper',
  'suppressed',
  'previous_wave',
  'comparable',
  'previous_estimate',
  'change',
  'change_significant',
  'benchmark_source',
  'benchmark',
  'benchmark_comparison',
  'weighted',
  'minimum_respondents',
] as const;
export type DownloadColumn = (typeof DOWNLOAD_COLUMNS)[number];
export type DownloadRow = Record<DownloadColumn, string | number | boolean | null>;

/** Columns whose header names the unit: `…Percent` for a proportion, `…Score` for a scale. */
const UNIT_COLUMNS = new Set<DownloadColumn>([
  'estimate',
  'standard_error',
  'ci_lower',
  'ci_upper',
  'previous_estimate',
  'change',
  'benchmark',
]);

/** The header of each column in the page's language. */
export function downloadHeaders(measure: 'proportion' | 'mean', t: Translate): Record<DownloadColumn, string> {
  const unit = measure === 'proportion' ? 'Percent' : 'Score';
  return Object.fromEntries(
    DOWNLOAD_COLUMNS.map((c) => [c, t(`survey.results.csv.${c}${UNIT_COLUMNS.has(c) ? unit : ''}`)]),
  ) as Record<DownloadColumn, string>;
}

/** A figure in the column's unit, rounded: a percentage to 1 decimal place (SEs 2), a score to 2 (SEs 3). */
function inUnit(measure: 'proportion' | 'mean', value: number | null | undefined, spread = false): number | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  const digits = (measure === 'proportion' ? 1 : 2) + (spread ? 1 : 0);
  const scaled = measure === 'proportion' ? value * 100 : value;
  const f = 10 ** digits;
  // Rounding a sign-free magnitude keeps −0.04 from becoming "-0".
  const rounded = Math.round(Math.abs(scaled) * f) / f;
  return rounded === 0 ? 0 : Math.sign(scaled) * rounded;
}

/** Every row of the download, with values as they should be written (see csvCells for the words of booleans). */
export function downloadRows(
  council: Council,
  wave: WaveRow,
  results: QuestionResults,
  breakdownLabel: string | null,
  t: Translate,
): DownloadRow[] {
  const m = results.measure;
  const lang = langOf(t);
  const stored = (text: string) => storedText(text, lang, councilLanguage(council)).text;
  const change = results.change;
  const bm = results.benchmark;
  const base = {
    survey: stored(wave.survey_name),
    wave: stored(wave.name),
    period: wave.period,
    question_code: results.question.code,
    question: stored(results.question.wording).replaceAll('{place}', council.name),
    weighted: wave.weighted_at !== null,
    minimum_respondents: wave.min_n,
  };
  const row = (
    breakdown: string,
    name: string,
    code: string,
    e: Estimate,
    c: WaveChange | null | undefined,
    overall: boolean,
  ): DownloadRow => ({
    ...base,
    breakdown,
    name,
    code,
    respondents: e.n,
    estimate: e.suppressed ? null : inUnit(m, e.estimate),
    standard_error: e.suppressed ? null : inUnit(m, e.se, true),
    ci_lower: e.suppressed ? null : inUnit(m, e.ciLow),
    ci_upper: e.suppressed ? null : inUnit(m, e.ciHigh),
    suppressed: e.suppressed,
    previous_wave: change ? stored(change.previous.name) : null,
    comparable: change ? change.comparable : null,
    previous_estimate:
      overall && change?.previousOverall && !change.previousOverall.suppressed
        ? inUnit(m, change.previousOverall.estimate)
        : null,
    change: c ? inUnit(m, c.difference) : null,
    change_significant: c ? c.significant : null,
    benchmark_source: overall && bm ? bm.label : null,
    benchmark: overall && bm ? inUnit(m, bm.value) : null,
    benchmark_comparison:
      overall && bm?.comparison ? t(`survey.results.csv.comparison.${bm.comparison.verdict}`) : null,
  });
  return [
    row(
      t('survey.results.csv.wholeCouncil'),
      council.name,
      council.areaCode ?? '',
      results.overall,
      change?.comparable ? change.overall : null,
      true,
    ),
    ...results.wards.map((w) =>
      row(
        t('survey.results.ward'),
        w.label,
        w.code,
        w.estimate,
        change?.comparable ? change.wards.get(w.code) : null,
        false,
      ),
    ),
    ...results.groups.map((g) => row(breakdownLabel ?? '', g.label, g.code, g.estimate, null, false)),
  ];
}

/** The rows as CSV cells: a header line in the page's language, then yes or no for the true/false columns. */
export function csvCells(rows: readonly DownloadRow[], measure: 'proportion' | 'mean', t: Translate): unknown[][] {
  const headers = downloadHeaders(measure, t);
  const cell = (v: DownloadRow[DownloadColumn]) => (typeof v === 'boolean' ? t(v ? 'common.yes' : 'common.no') : v);
  return [DOWNLOAD_COLUMNS.map((c) => headers[c]), ...rows.map((r) => DOWNLOAD_COLUMNS.map((c) => cell(r[c])))];
}
