/**
 * The programme board's report as a PDF (pdfkit): the same content as the HTML report — the programme, its
 * theory of change as text, the design, the estimate in plain English with its figures, balance, the event
 * study's table and pre-trend check (a DiD on more than two waves), and the evidence label with its reasons. Suppressed estimates are not printed.
 */
import PDFDocument from 'pdfkit';
import type { Translate } from '../../i18n/index.ts';
import type { BoardReport } from './present/report.ts';

/**
 * The PDF's standard fonts use WinAnsi encoding: characters outside it are written with ones inside it. Welsh
 * ŵ and ŷ are not in WinAnsi either and lose their circumflex (an embedded Unicode font would keep them).
 */
export function pdfText(s: string): string {
  return s
    .replace(/\u2212/g, '-')
    .replace(/\u2192/g, '->')
    .replace(/\u2264/g, '<=')
    .replace(/\u2265/g, '>=')
    .replace(/\u0175/g, 'w')
    .replace(/\u0177/g, 'y')
    .replace(/\u0174/g, 'W')
    .replace(/\u0176/g, 'Y');
}

export function renderBoardPdf(source: BoardReport, council: string, translate: Translate): Promise<Buffer> {
  const report = JSON.parse(JSON.stringify(source), (_k, v: unknown) =>
    typeof v === 'string' ? pdfText(v) : v,
  ) as BoardReport;
  const t: Translate = (key, params) => pdfText(translate(key, params));
  const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: report.title, Author: council } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const heading = (s: string) =>
    doc.moveDown(0.8).font('Helvetica-Bold').fontSize(13).text(s).moveDown(0.3).font('Helvetica').fontSize(10);
  const row = (label: string, value: string) => {
    const y = doc.y;
    doc.text(label, 50, y, { width: 250 });
    const y1 = doc.y;
    doc.text(value, 310, y, { width: 235 });
    doc.y = Math.max(y1, doc.y);
    doc.x = 50;
  };
  doc.font('Helvetica').fontSize(9).fillColor('#505a5f').text(council);
  doc.fillColor('#0b0c0c').font('Helvetica-Bold').fontSize(18).text(report.title);
  doc.font('Helvetica').fontSize(10).text(t('evaluation.report.subtitle'));
  if (report.summary) doc.moveDown(0.5).text(report.summary);
  heading(t('evaluation.report.design'));
  for (const r of report.design) row(r.key, r.value);
  heading(t('evaluation.theory.title'));
  for (const s of report.theory) {
    doc.font('Helvetica-Bold').text(s.label).font('Helvetica');
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
    .text(t('evaluation.report.methodNote', { n: report.minN }));
  doc.end();
  return done;
}
