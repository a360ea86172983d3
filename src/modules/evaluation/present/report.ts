/** The programme board's report, as one view model for the HTML page and the PDF. */
import type { Translate } from '../../../i18n/index.ts';
import type { LinkTarget } from '../../../kernel/links.ts';
import { DEFAULT_MIN_N } from '../../../stats/suppression.ts';
import { THEORY_STAGES, type EvaluationRow } from '../model.ts';
import { estimateSentence, eventStudyView, evidenceView, figures, powerSentence } from './results.ts';

export interface BoardReport {
  title: string;
  summary: string;
  design: { key: string; value: string; stored?: boolean }[];
  theory: { label: string; items: string[] }[];
  sentence: string;
  figures: { key: string; value: string }[];
  balance: { covariate: string; before: string; after: string }[];
  evidence: ReturnType<typeof evidenceView> | null;
  /** DiD on more than two waves: the event study's chart (HTML only), table and pre-trend check. */
  eventStudy: ReturnType<typeof eventStudyView>;
  minN: number;
}

const two = (x: number | null) => (x === null ? '—' : x.toFixed(2).replace('-', '−'));

export function boardReport(e: EvaluationRow, links: LinkTarget[], t: Translate): BoardReport {
  const r = e.result;
  const design = [
    { key: t('evaluation.fields.design'), value: t(`evaluation.designs.${e.design}`) },
    { key: t('evaluation.fields.outcome'), value: t(`evaluation.items.${e.outcome_code}.name`) },
    { key: t('evaluation.fields.status'), value: t(`evaluation.statuses.${e.status}`) },
  ];
  // Link labels and questions are stored text (shown through the `stored` filter).
  const stored: { key: string; value: string; stored?: boolean }[] = [];
  if (links.length)
    stored.push({ key: t('evaluation.fields.links'), value: links.map((l) => l.label).join('; '), stored: true });
  for (const q of e.plan.questions ?? []) stored.push({ key: t('evaluation.plan.questions'), value: q, stored: true });
  design.push(...stored);
  const power = powerSentence(e, t);
  if (power) design.push({ key: t('evaluation.plan.power'), value: power });
  if (r)
    design.push({
      key: t('evaluation.report.source'),
      value: r.source === 'participants' ? t('evaluation.report.participants') : r.source,
    });
  return {
    title: e.title,
    summary: e.summary,
    design,
    theory: [...THEORY_STAGES, 'assumptions' as const]
      .filter((s) => (e.theory[s] ?? []).length)
      .map((s) => ({ label: t(`evaluation.theory.stages.${s}`), items: e.theory[s] ?? [] })),
    sentence: r ? estimateSentence(r, t) : t('evaluation.report.noResult'),
    figures: r ? figures(r, t) : [],
    balance:
      r?.balance && !r.suppressed
        ? r.balance.map((b) => ({
            covariate: b.covariate === 'baseline' ? t('evaluation.results.balance.baseline') : b.covariate,
            before: two(b.smdBefore),
            after: two(b.smdAfter),
          }))
        : [],
    evidence: r ? evidenceView(r, t) : null,
    eventStudy: r ? eventStudyView(r, t) : null,
    minN: r?.minN ?? DEFAULT_MIN_N,
  };
}
