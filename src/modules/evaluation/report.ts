/**
 * The evaluation module's section of the cabinet report: evaluations concluded in the period, with their
 * estimate in plain English and their evidence label. Suppressed estimates stay suppressed.
 */
import { actorCan } from '../../kernel/access.ts';
import { isLanguage, translator } from '../../i18n/index.ts';
import type { ReportContributor } from '../../kernel/reports.ts';
import { estimateSentence } from './present/results.ts';
import type { EvaluationServices } from './services/index.ts';

export function evaluationReport(services: EvaluationServices): ReportContributor {
  return async (actor, period, lang) => {
    if (!actorCan(actor, 'evaluation.view')) return null;
    const t = translator(isLanguage(lang) ? lang : 'en');
    const rows = await services.evaluations.concludedBetween(actor.council, period.from, period.to);
    if (!rows.length) return null;
    return {
      key: 'evaluation.concluded',
      title: t('evaluation.report.cabinetTitle'),
      paragraphs: [t('evaluation.report.cabinetIntro', { count: rows.length, period: period.label })],
      tables: [
        {
          caption: t('evaluation.report.cabinetCaption', { period: period.label }),
          head: [
            t('evaluation.report.evaluation'),
            t('evaluation.report.finding'),
            t('evaluation.report.sms'),
            t('evaluation.report.nesta'),
          ],
          rows: rows.map((e) => [
            e.title,
            e.result ? estimateSentence(e.result, t) : t('evaluation.report.noResult'),
            e.result ? String(e.result.evidence.sms) : '—',
            e.result ? String(e.result.evidence.nesta) : '—',
          ]),
          numeric: [false, false, true, true],
        },
      ],
    };
  };
}
