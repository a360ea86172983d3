/**
 * The cabinet report as plain tables and paragraphs, rendered the same in HTML and PDF. Counts that come from
 * tension data (actions raised from a ward's tension picture or a trigger event) are suppressed below the
 * disclosure threshold, as the tensions module's own reports are.
 */
import { langOf, storedText, type Translate } from '../../i18n/index.ts';
import type { ReportTable } from '../../kernel/reports.ts';
import { DEFAULT_COUNT_THRESHOLD, suppressCount } from '../../stats/suppression.ts';
import { pct } from './present.ts';
import type { CabinetReport } from './services/report.ts';

const fmt = (v: number | null) => (v === null ? '–' : Number.isInteger(v) ? String(v) : v.toFixed(2));

export interface ReportView {
  title: string;
  summary: string[];
  summaryTable: ReportTable;
  plans: {
    title: string;
    progress: string;
    domains: { title: string; progress: string; outcomes: ReportTable; measures: ReportTable | null }[];
    completed: ReportTable;
    slipped: ReportTable;
  }[];
  signals: ReportTable;
}

/** A count from tension data as it may be published: the number, or "fewer than 5". */
export function tensionCount(n: number, t: Translate, threshold = DEFAULT_COUNT_THRESHOLD): string {
  const s = suppressCount(n, threshold);
  return s.suppressed ? t('plans.report.fewerThan', { n: threshold }) : String(n);
}

export function reportView(r: CabinetReport, council: string, t: Translate): ReportView {
  const m = r.summary.measures;
  // A built-in domain's title in the page's language inside a caption (which holds no markup).
  const plain = (text: string) => storedText(text, langOf(t), 'en').text;
  return {
    title: t('plans.report.title', { council, quarter: r.period.label }),
    summary: [
      t('plans.report.summaryActions', {
        actions: r.summary.actions,
        completed: r.summary.completed,
        slipped: r.summary.slipped,
      }),
      t('plans.report.summaryMeasures', { on: m.on_track, risk: m.at_risk, off: m.off_track, none: m.none }),
    ],
    summaryTable: {
      caption: t('plans.report.summaryCaption'),
      head: [t('plans.report.plan'), t('plans.report.progress')],
      rows: r.plans.map((p) => [p.plan.title, pct(p.progress)]),
      numeric: [false, true],
      stored: [true, false],
    },
    plans: r.plans.map((p) => ({
      title: p.plan.title,
      progress: pct(p.progress),
      domains: p.domains.map((d) => {
        const measureRows = d.outcomes.flatMap((o) =>
          o.measures.flatMap((v) =>
            v.areas.map((a) => [
              o.outcome.title,
              v.indicatorName,
              a.areaName,
              fmt(v.measure.baseline_value),
              a.current === null ? '–' : `${fmt(a.current)} (${a.currentPeriod})`,
              fmt(v.measure.target_value),
              a.status ? t(`plans.status.${a.status}`) : t('plans.status.none'),
            ]),
          ),
        );
        return {
          title: d.domain.title,
          progress: pct(d.progress),
          outcomes: {
            caption: t('plans.report.outcomesCaption', { domain: plain(d.domain.title) }),
            head: [
              t('plans.report.outcome'),
              t('plans.report.progress'),
              t('plans.report.rag'),
              t('plans.report.actions'),
            ],
            rows: d.outcomes.map((o) => [
              o.outcome.title,
              pct(o.progress),
              o.rag ? t(`plans.rag.${o.rag}`) : t('plans.rag.none'),
              String(o.actions),
            ]),
            numeric: [false, true, false, true],
            stored: [true, false, false, false],
          },
          measures: measureRows.length
            ? {
                caption: t('plans.report.measuresCaption', { domain: plain(d.domain.title) }),
                head: [
                  t('plans.report.outcome'),
                  t('plans.report.indicator'),
                  t('plans.report.area'),
                  t('plans.measure.baseline'),
                  t('plans.measure.current'),
                  t('plans.measure.target'),
                  t('plans.report.status'),
                ],
                rows: measureRows,
                numeric: [false, false, false, true, true, true, false],
                stored: [true, true, false, false, false, false, false],
              }
            : null,
        };
      }),
      completed: {
        caption: t('plans.report.completedCaption'),
        head: [t('plans.report.action'), t('plans.report.owner'), t('plans.report.completedOn')],
        rows: p.completed.map((a) => [
          `${a.reference} ${a.title}`,
          a.organisation_name ?? a.owner_name ?? '–',
          a.completed_on ?? '–',
        ]),
        stored: [true, true, false],
      },
      slipped: {
        caption: t('plans.report.slippedCaption'),
        head: [t('plans.report.action'), t('plans.report.owner'), t('plans.report.dueOn'), t('plans.report.progress')],
        rows: p.slipped.map((a) => [
          `${a.reference} ${a.title}`,
          a.organisation_name ?? a.owner_name ?? '–',
          a.due_on ?? '–',
          `${a.progress}%`,
        ]),
        numeric: [false, false, false, true],
        stored: [true, true, false, false],
      },
    })),
    signals: {
      caption: t('plans.report.signalsCaption'),
      head: [t('plans.report.signal'), t('plans.report.actions')],
      rows: r.signals.map((s) => [
        t(`plans.signal.kinds.${s.kind}`),
        s.kind.startsWith('tensions.') ? tensionCount(s.count, t) : String(s.count),
      ]),
      numeric: [false, true],
    },
  };
}
