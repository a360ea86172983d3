/** View models for the results page: the question and breakdown choices, and figures (downloads: download.ts). */
import { barChartFigure } from '../../../charts/bar.ts';
import { choroplethFigure, type ChoroplethFeature } from '../../../charts/choropleth.ts';
import { formatPercent } from '../../../charts/common.ts';
import { markLang } from '../../../lib/lang-marks.ts';
import { langOf, storedMarked, storedText, translator, type Translate } from '../../../i18n/index.ts';
import type { Question, WaveRow } from '../model.ts';
import { breakdownQuestions, headlineQuestions } from '../questions.ts';
import type { QuestionResults } from '../services/results.ts';

/**
 * Short label of a question's headline measure. With `marked`, for a chart: the stored wording and answers are
 * marked with the language they were written in when it is not the page's (src/lib/lang-marks.ts).
 */
export function headlineText(q: Question, t: Translate, marked = false) {
  if (q.catalogue_key && translator('en')(`${q.catalogue_key}.text`) === q.wording)
    return t(`${q.catalogue_key}.headline`);
  // Stored wording and labels, in the page's language when they are catalogue text.
  const shown = (text: string, cut = Infinity) => {
    const s = storedText(text, langOf(t), 'en');
    const short = s.text.length > cut ? `${s.text.slice(0, cut - 3)}…` : s.text;
    return marked ? markLang(short, s.lang) : short;
  };
  const positive = q.options.filter((o) => o.positive).map((o) => shown(o.label));
  const text = shown(q.wording, 70);
  return positive.length ? `${text} (${positive.join(', ')})` : text;
}

/**
 * The language of `headlineText` when it is the stored wording rather than catalogue text and that differs from
 * the page's (for the lang attribute of a select option, which holds no markup), else null.
 */
export function headlineLang(q: Question, t: Translate): string | null {
  if (q.catalogue_key && translator('en')(`${q.catalogue_key}.text`) === q.wording) return null;
  return storedText(q.wording, langOf(t), 'en').lang;
}

/** The question and breakdown to show: the ones asked for when they exist, else the first of each. */
export function resultChoices(questions: readonly Question[], asked: { question?: string; by?: string }, t: Translate) {
  const headline = headlineQuestions(questions);
  const breakdowns = breakdownQuestions(questions).flatMap((b) => {
    const short = t(`survey.bank.${b.code}.short`);
    const out = [{ value: b.code, text: short }];
    if (b.options.some((o) => o.group))
      out.push({ value: `${b.code}:group`, text: t('survey.results.broadGroups', { question: short }) });
    return out;
  });
  const code = headline.find((h) => h.code === asked.question)?.code ?? headline[0]?.code ?? null;
  const by = breakdowns.find((b) => b.value === asked.by)?.value ?? breakdowns[0]?.value ?? null;
  return {
    code,
    by,
    headline: headline.map((h) => {
      const lang = headlineLang(h, t);
      return {
        value: h.code,
        text: headlineText(h, t),
        selected: h.code === code,
        ...(lang ? { attributes: { lang } } : {}),
      };
    }),
    breakdowns: breakdowns.map((b) => ({ ...b, selected: b.value === by })),
  };
}

/** The ward map (when boundaries are loaded) and the bar chart by group (when there is a breakdown). */
export function resultFigures(
  results: QuestionResults,
  wave: WaveRow,
  features: readonly ChoroplethFeature[],
  t: Translate,
) {
  const format = results.measure === 'proportion' ? (v: number) => formatPercent(v, 0) : (v: number) => v.toFixed(1);
  const label = headlineText(results.question, t, true);
  const map = features.length
    ? choroplethFigure({
        text: t,
        features,
        values: new Map(results.wards.map((w) => [w.code, w.estimate.suppressed ? null : w.estimate.estimate])),
        width: 640,
        height: 500,
        title: t('survey.results.mapTitle', { question: label }),
        description: t('survey.results.mapDescription', { count: features.length, minN: wave.min_n }),
        valueLabel: label,
        format,
        id: 'survey-ward-map',
      })
    : null;
  const bars = results.groups.length
    ? barChartFigure({
        text: t,
        bars: results.groups.map((g) => ({
          label: g.label,
          value: g.estimate.suppressed ? null : g.estimate.estimate,
          lower: g.estimate.ciLow,
          upper: g.estimate.ciHigh,
        })),
        width: 640,
        title: t('survey.results.barTitle', { question: label }),
        description: t('survey.results.barDescription'),
        format,
        valueLabel: label,
        intervalLabel: t('survey.results.ci'),
        reference: results.benchmark
          ? { value: results.benchmark.value, label: storedMarked(results.benchmark.label, t) }
          : undefined,
        domain:
          results.measure === 'proportion'
            ? [0, 1]
            : [results.question.scale_min ?? 0, results.question.scale_max ?? 10],
        id: 'survey-group-bars',
      })
    : null;
  return { map, bars, format: results.measure === 'proportion' ? 'percent' : 'mean' };
}
