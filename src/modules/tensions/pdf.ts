/**
 * Print-ready PDFs of the weekly tension report and the quarterly hate incident report (pdfkit). They carry
 * exactly the suppressed figures of the HTML versions, so both can leave the restricted area.
 */
import { langOf, type Translate } from '../../i18n/index.ts';
import { createPdf, pdfBytes, PDF_FONT } from '../../lib/pdf.ts';
import type { QuarterlyReport, WeeklyReport } from './services/reports.ts';
import type { DisclosedCell, DisclosedTable } from './disclosure.ts';

/** A ward's level in the weekly PDF, as "3 Heightened (set by an officer)": the catalogue's note has its brackets. */
export function levelText(
  level: { final_level: number; override_level: number | null } | null | undefined,
  t: (key: string, vars?: Record<string, string | number>) => string,
): string {
  if (!level) return t('tensions.reports.notAssessed');
  const note = level.override_level ? ` ${t('tensions.reports.overridden')}` : '';
  return `${level.final_level} ${t(`tensions.levels.${level.final_level}`)}${note}`;
}

type Weekly = WeeklyReport;
type Quarterly = QuarterlyReport;

/** How a disclosed count is written: the number, "fewer than 5", or "hidden" for secondary suppression. */
export function cellText(cell: Pick<DisclosedCell, 'value' | 'status'>, threshold: number, t: Translate): string {
  if (cell.status === 'primary') return t('tensions.reports.fewerThan', { n: threshold });
  if (cell.status === 'secondary') return t('tensions.reports.hidden');
  return String(cell.value);
}

/** Dates and months in the report's language ("1 Chwefror 2026" in Welsh). */
const locale = (t: Translate) => (langOf(t) === 'cy' ? 'cy-GB' : 'en-GB');

export function renderReportPdf(
  kind: 'weekly' | 'quarterly',
  report: Weekly | Quarterly,
  council: string,
  t: Translate,
  /** The address of the methods note (printed, and a link in the PDF). */
  methodsUrl = '/methods/tensions',
): Promise<Buffer> {
  const title = kind === 'weekly' ? t('tensions.reports.weeklyTitle') : t('tensions.reports.quarterlyTitle');
  const doc = createPdf({ Title: title, Author: council }, langOf(t));
  const done = pdfBytes(doc);
  const date = (d: Date) =>
    d.toLocaleDateString(locale(t), { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

  const heading = (s: string) =>
    doc.moveDown(0.8).font(PDF_FONT.bold).fontSize(13).text(s).moveDown(0.3).font(PDF_FONT.regular).fontSize(10);
  const row = (label: string, value: string) => {
    const y = doc.y;
    doc.text(label, 50, y, { width: 330 });
    const y1 = doc.y;
    doc.text(value, 390, y, { width: 155, align: 'right' });
    doc.y = Math.max(y1, doc.y);
    doc.x = 50;
  };
  const table = (tbl: DisclosedTable, labelOf: (key: string) => string, totalLabel: string | null) => {
    for (const c of tbl.cells) row(labelOf(c.key), cellText(c, report.threshold, t));
    if (totalLabel) row(totalLabel, cellText(tbl.total, report.threshold, t));
  };

  doc.font(PDF_FONT.regular).fontSize(9).fillColor('#505a5f').text(council);
  doc.fillColor('#0b0c0c');
  if (kind === 'weekly') {
    const w = report as Weekly;
    doc.font(PDF_FONT.bold).fontSize(18).text(t('tensions.reports.weeklyTitle'));
    doc
      .font(PDF_FONT.regular)
      .fontSize(10)
      .text(t('tensions.reports.weekRange', { week: w.week, from: date(w.from), to: date(w.to) }));
    doc.text(t('tensions.reports.suppressionNote', { n: w.threshold }));
    heading(t('tensions.reports.levelsHeading'));
    for (const l of w.levels) {
      row(l.name, levelText(l.level, t));
    }
    heading(t('tensions.reports.byMotivation'));
    table(w.reports.byMotivation, (k) => t(`tensions.motivations.${k}`), null);
    heading(t('tensions.reports.byWard'));
    table(
      w.reports.byWard,
      (k) => w.reports.wardNames[k] ?? t('tensions.reports.wardUnknown'),
      t('tensions.reports.totalReports'),
    );
    heading(t('tensions.reports.intelligenceHeading'));
    table(w.intelligence, (k) => t(`tensions.gradings.${k}`), t('tensions.reports.totalIntelligence'));
    heading(t('tensions.reports.eventsHeading'));
    if (!w.events.length) doc.text(t('tensions.reports.noEvents'));
    for (const e of w.events)
      doc.text(
        `${e.title} (${t(`tensions.scopes.${e.scope}`)}), ${t('tensions.reports.declared')} ${date(new Date(e.declared_at))}`,
      );
  } else {
    const q = report as Quarterly;
    doc.font(PDF_FONT.bold).fontSize(18).text(t('tensions.reports.quarterlyTitle'));
    doc
      .font(PDF_FONT.regular)
      .fontSize(10)
      .text(t('tensions.reports.quarterRange', { quarter: q.quarter, from: date(q.from), to: date(q.to) }));
    doc.text(t('tensions.reports.suppressionNote', { n: q.threshold }));
    heading(t('tensions.reports.totalReports'));
    row(t('tensions.reports.totalReports'), cellText(q.total, q.threshold, t));
    heading(t('tensions.reports.byMotivation'));
    table(q.byMotivation, (k) => t(`tensions.motivations.${k}`), null);
    heading(t('tensions.reports.byWard'));
    table(q.byWard, (k) => q.wardNames[k] ?? t('tensions.reports.wardUnknown'), t('tensions.reports.totalReports'));
    if (q.byMonth) {
      heading(t('tensions.reports.byMonth'));
      table(
        q.byMonth,
        (k) =>
          new Date(`${k}-01T00:00:00Z`).toLocaleDateString(locale(t), {
            month: 'long',
            year: 'numeric',
            timeZone: 'UTC',
          }),
        t('tensions.reports.totalReports'),
      );
    }
    heading(t('tensions.reports.byStatus'));
    table(q.status, (k) => t(`tensions.statuses.${k}`), t('tensions.reports.totalReports'));
    heading(t('tensions.reports.targetsHeading'));
    row(
      t('tensions.reports.contactRate', { hours: q.targets.contactHours }),
      q.contactRate.suppressed ? t('tensions.reports.tooFew') : `${q.contactRate.value}%`,
    );
    row(
      t('tensions.reports.seniorRate', { days: q.targets.seniorDays }),
      q.seniorRate.suppressed ? t('tensions.reports.tooFew') : `${q.seniorRate.value}%`,
    );
  }
  doc.moveDown(1).fontSize(8).fillColor('#505a5f').text(t('tensions.reports.methodNote'));
  doc.text(t('methods.pdfLink', { url: methodsUrl }), { link: methodsUrl });
  doc.end();
  return done;
}
