/** The cabinet report as a print-ready PDF (pdfkit), with exactly the tables of the HTML version. */
import { langOf, type Translate } from '../../i18n/index.ts';
import { createPdf, pdfBytes, PDF_FONT } from '../../lib/pdf.ts';
import type { ReportSection, ReportTable } from '../../kernel/reports.ts';
import type { ReportView } from './report-view.ts';

/** `methodsUrl`: the address of the methods note (printed, and a link in the PDF). */
export function renderCabinetPdf(
  view: ReportView,
  sections: readonly ReportSection[],
  council: string,
  t: Translate,
  methodsUrl = '/methods/plans',
) {
  const doc = createPdf({ Title: view.title, Author: council }, langOf(t));
  const done = pdfBytes(doc);
  const heading = (s: string, size = 13) =>
    doc.moveDown(0.8).font(PDF_FONT.bold).fontSize(size).text(s).moveDown(0.3).font(PDF_FONT.regular).fontSize(9);
  const table = (tbl: ReportTable) => {
    doc.font(PDF_FONT.italic).fontSize(9).text(tbl.caption).font(PDF_FONT.regular);
    if (!tbl.rows.length) {
      doc.text(t('plans.report.none'));
      return;
    }
    const width = 495 / tbl.head.length;
    const line = (cells: readonly string[], bold: boolean) => {
      const y = doc.y;
      let bottom = y;
      doc.font(bold ? PDF_FONT.bold : PDF_FONT.regular);
      cells.forEach((c, i) => {
        doc.text(c, 50 + i * width, y, { width: width - 6, align: tbl.numeric?.[i] ? 'right' : 'left' });
        bottom = Math.max(bottom, doc.y);
      });
      doc.y = bottom + 2;
      doc.x = 50;
      if (doc.y > 760) doc.addPage();
    };
    line(tbl.head, true);
    for (const r of tbl.rows) line(r, false);
    doc.moveDown(0.5);
  };

  doc.font(PDF_FONT.regular).fontSize(9).fillColor('#505a5f').text(council).fillColor('#0b0c0c');
  doc.font(PDF_FONT.bold).fontSize(18).text(view.title);
  heading(t('plans.report.summary'));
  for (const p of view.summary) doc.text(p);
  doc.moveDown(0.5);
  table(view.summaryTable);
  for (const p of view.plans) {
    heading(`${p.title} (${p.progress})`, 15);
    for (const d of p.domains) {
      heading(`${d.title} (${d.progress})`);
      table(d.outcomes);
      if (d.measures) table(d.measures);
    }
    heading(t('plans.report.completedHeading'));
    table(p.completed);
    heading(t('plans.report.slippedHeading'));
    table(p.slipped);
  }
  heading(t('plans.report.signalsHeading'));
  table(view.signals);
  for (const s of sections) {
    heading(s.title);
    for (const para of s.paragraphs) doc.text(para);
    for (const tbl of s.tables) table(tbl);
  }
  doc.moveDown(1).fontSize(8).fillColor('#505a5f').text(t('plans.report.methodNote'));
  doc.text(t('methods.pdfLink', { url: methodsUrl }), { link: methodsUrl });
  doc.end();
  return done;
}
