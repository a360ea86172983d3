/**
 * The programme board's report as a PDF (pdfkit): the same content as the HTML report — the programme, its
 * theory of change as text, the design, the estimate in plain English with its figures, balance, the event
 * study's table and pre-trend check (a DiD on more than two waves), and the evidence label with its reasons. Suppressed estimates are not printed.
 */
import { langOf, type Translate } from '../../i18n/index.ts';
import { createPdf, pdfBytes, PDF_FONT } from '../../lib/pdf.ts';
import type { BoardReport } from './present/report.ts';

/** `methodsUrl`: the address of the methods note (printed, and a link in the PDF). */
export function renderBoardPdf(
  report: BoardReport,
  council: string,
  t: Translate,
  methodsUrl = '/methods/evaluation',
): Promise<Buffer> {
  const doc = createPdf({ Title: report.title, Author: council }, langOf(t));
  const done = pdfBytes(doc);
  const heading = (s: string) =>
    doc.moveDown(0.8).font(PDF_FONT.bold).fontSize(13).text(s).moveDown(0.3).font(PDF_FONT.regular).fontSize(10);
  const row = (label: string, value: string) => {
    const y = doc.y;
    doc.text(label, 50, y, { width: 250 });
    const y1 = doc.y;
    doc.text(value, 310, y, { width: 235 });
    doc.y = Math.max(y1, doc.y);
    doc.x = 50;
  };
  doc.font(PDF_FONT.regular).fontSize(9).fillColor('#505a5f').text(council);
  doc.fillColor('#0b0c0c').font(PDF_FONT.bold).fontSize(18).text(report.title);
  doc.font(PDF_FONT.regular).fontSize(10).text(t('evaluation.report.subtitle'));
  if (report.summary) doc.moveDown(0.5).text(report.summary);
  heading(t('evaluation.report.design'));
  for (const r of report.design) row(r.key, r.value);
  heading(t('evaluation.theory.title'));
  for (const s of report.theory) {
    doc.font(PDF_FONT.bold).text(s.label).font(PDF_FONT.regular);
    for (const item of s.items) doc.text(`• ${item}`, { indent: 10 });
  }
  heading(t('evaluation.report.finding'));
  doc.text(report.sentence);
  for (const r of report.figures) row(r.key, r.value);
  if (report.balance.length) {
    heading(t('evaluation.results.balance.title'));
    row(
      t('evaluation.results.balance.covariate'),
      `${t('evaluation.results.balance.before')} → ${t('evaluation.results.balance.after')}`,
    );
    for (const b of report.balance) row(b.covariate, `${b.before} → ${b.after}`);
  }
  if (report.eventStudy) {
    heading(t('evaluation.report.eventStudy'));
    doc.text(t('evaluation.results.eventStudy.tableCaption', { reference: report.eventStudy.reference })).moveDown(0.2);
    row(
      t('evaluation.results.eventStudy.wave'),
      `${t('evaluation.results.eventStudy.estimate')}; ${t('evaluation.results.eventStudy.interval')}`,
    );
    for (const r of report.eventStudy.rows) row(`${r.label} (${r.when})`, `${r.estimate}; ${r.interval}`);
    doc.moveDown(0.3).text(report.eventStudy.preTrend);
  }
  heading(t('evaluation.evidence.title'));
  if (report.evidence) {
    doc.text(`${t('evaluation.evidence.smsLabel')}: ${report.evidence.sms} — ${report.evidence.smsText}`);
    doc.text(`${t('evaluation.evidence.nestaLabel')}: ${report.evidence.nesta} — ${report.evidence.nestaText}`);
    doc.moveDown(0.3);
    for (const reason of report.evidence.reasons) doc.text(`• ${reason}`, { indent: 10 });
  } else doc.text(t('evaluation.report.noResult'));
  doc
    .moveDown(1)
    .fontSize(8)
    .fillColor('#505a5f')
    .text(t('evaluation.report.methodNote', { n: report.minN }))
    .text(t('methods.pdfLink', { url: methodsUrl }), { link: methodsUrl });
  doc.end();
  return done;
}
