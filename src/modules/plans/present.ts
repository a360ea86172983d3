/** View models for the plans pages: progress, statuses as tags, and each measure's trend chart with its table. */
import { lineChartFigure } from '../../charts/line.ts';
import { storedHtml, storedMarked, type Translate } from '../../i18n/index.ts';
import type { LinkRef } from '../../kernel/links.ts';
import type { ActionRow } from './services/actions.ts';
import { rollupActions, rollupMean, type MeasureStatus, type Rag } from './rules.ts';
import type { PlanStructure } from './services/plans.ts';
import type { AreaAssessment, MeasureView } from './services/measures.ts';

export const pct = (p: number | null) => (p === null ? '–' : `${Math.round(p)}%`);

const STATUS_CLASS: Record<MeasureStatus, string> = {
  on_track: 'govuk-tag--green',
  at_risk: 'govuk-tag--yellow',
  off_track: 'govuk-tag--red',
};
const RAG_CLASS: Record<Rag, string> = { green: 'govuk-tag--green', amber: 'govuk-tag--yellow', red: 'govuk-tag--red' };

export const statusTag = (s: MeasureStatus | null, t: Translate) =>
  s
    ? { text: t(`plans.status.${s}`), classes: STATUS_CLASS[s] }
    : { text: t('plans.status.none'), classes: 'govuk-tag--grey' };

export const ragTag = (r: Rag | null, t: Translate) =>
  r ? { text: t(`plans.rag.${r}`), classes: RAG_CLASS[r] } : { text: t('plans.rag.none'), classes: 'govuk-tag--grey' };

/** The plan's tree with progress rolled up (rules.ts): plan ← domains ← outcomes ← actions. */
export function planTree(s: PlanStructure) {
  const domains = s.domains.map((d) => {
    const outcomes = s.outcomes
      .filter((o) => o.domain_id === d.id)
      .map((o) => {
        const actions = s.actions.filter((a) => a.outcome_id === o.id);
        return {
          outcome: o,
          actions: actions.length,
          measures: s.measures.filter((m) => m.outcome_id === o.id).length,
          progress: rollupActions(actions),
        };
      });
    return { domain: d, outcomes, progress: rollupMean(outcomes.map((o) => o.progress)) };
  });
  return { domains, progress: rollupMean(domains.map((d) => d.progress)) };
}

/** A period label ("2021", "2025-Q3", "2025-06") as a number of years, for the chart's x axis. */
export function periodX(period: string): number {
  const q = /^(\d{4})-Q([1-4])$/.exec(period);
  if (q) return Number(q[1]) + (Number(q[2]) - 1) / 4;
  const m = /^(\d{4})-(\d{2})/.exec(period);
  if (m) return Number(m[1]) + (Number(m[2]) - 1) / 12;
  const y = /^(\d{4})/.exec(period);
  return y ? Number(y[1]) : 0;
}

const fmt = (v: number | null) => (v === null ? '–' : Number.isInteger(v) ? String(v) : v.toFixed(2));

/** One area's trend of a measure: values with intervals, and baseline and target as reference lines. */
export function measureFigure(v: MeasureView, area: AreaAssessment, t: Translate) {
  if (!area.series.length) return null;
  const labels = new Map(area.series.map((p) => [periodX(p.period), p.period]));
  return lineChartFigure({
    text: t,
    series: [
      {
        name: area.areaName,
        points: area.series.map((p) => ({ x: periodX(p.period), y: p.value, lower: p.low, upper: p.high })),
      },
    ],
    width: 640,
    height: 280,
    title: t('plans.measure.chartTitle', {
      // Marked with its language when it is stored text in another (the chart puts it in a lang span).
      indicator: storedMarked(v.indicatorName, t),
      area: area.areaName,
    }),
    description: t('plans.measure.chartDescription'),
    xFormat: (x) => (typeof x === 'number' ? (labels.get(x) ?? String(x)) : String(x)),
    xLabel: t('plans.measure.period'),
    referenceLines: [
      { value: v.measure.baseline_value, label: t('plans.measure.baseline') },
      { value: v.measure.target_value, label: t('plans.measure.target') },
    ],
    intervalLabel: t('plans.measure.interval'),
  });
}

/** Rows of the measure's table: each area's current value, change since baseline with interval, and status. */
export function measureRows(v: MeasureView, t: Translate) {
  return v.areas.map((a) => [
    { text: a.areaName },
    { text: a.current === null ? '–' : `${fmt(a.current)} (${a.currentPeriod})`, format: 'numeric' },
    {
      text:
        a.change === null
          ? '–'
          : a.changeLow !== null && a.changeHigh !== null
            ? `${fmt(a.change)} (${fmt(a.changeLow)} ${t('plans.measure.to')} ${fmt(a.changeHigh)})`
            : fmt(a.change),
      format: 'numeric',
    },
    { text: fmt(a.distance), format: 'numeric' },
    { text: a.status ? t(`plans.status.${a.status}`) : t('plans.status.none') },
  ]);
}

/** Where a signal points, when its reference names an area: a ward, a gap's area, a survey result's ward. */
export function signalArea(ref: LinkRef | null): string | null {
  if (!ref) return null;
  const parts = ref.id.split('~');
  const code = (s: string | undefined) => (s && /^[A-Z][0-9]{8}$/.test(s) ? s : null);
  if (ref.kind === 'tensions.ward') return code(ref.id);
  if (ref.kind === 'insight.gap') return code(parts[1]);
  if (ref.kind === 'survey.result') return code(parts[2]);
  return null;
}

export const actionRowCells = (a: ActionRow, base: string, t: Translate) => [
  { html: `<a class="govuk-link" href="${base}/actions/${a.id}">${escape(a.reference)} ${storedHtml(a.title, t)}</a>` },
  a.organisation_name ? { html: storedHtml(a.organisation_name, t) } : { text: a.owner_name ?? '–' },
  { text: a.due_on ?? '–' },
  { text: t(`plans.actionStatus.${a.status}`) },
  { text: `${a.progress}%`, format: 'numeric' },
];

export function escape(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
