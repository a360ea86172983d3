/** The cabinet report as a print-ready PDF (pdfkit), with exactly the tables of the HTML version. */
import PDFDocument from 'pdfkit';
import type { Translate } from '../../i18n/index.ts';
import type { ReportSection, ReportTable } from '../../kernel/reports.ts';
import type { ReportView } from './report-view.ts';

export function renderCabinetPdf(view: ReportView, sections: readonly ReportSection[], council: string, t: Translate) {
  const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: view.title, Author: council } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const heading = (s: string, size = 13) =>
    doc.moveDown(0.8).font('Helvetica-Bold').fontSize(size).text(s).moveDown(0.3).font('Helvetica').fontSize(9);
  const table = (tbl: ReportTable) => {
    doc.font('Helvetica-Oblique').fontSize(9).text(tbl.caption).font('Helvetica');
    if (!tbl.rows.length) {
      doc.text(t('plans.report.none'));
      return;
    }
    const width = 495 / tbl.head.length;
    const line = (cells: readonly string[], bold: boolean) => {
      const y = doc.y;
      let bottom = y;
      doc.font(bold ? 'Helvetica-Bold' : 'Helvetica');
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

  doc.font('Helvetica').fontSize(9).fillColor('#505a5f').text(council).fillColor('#0b0c0c');
  doc.font('Helvetica-Bold').fontSize(18).text(view.title);
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
  doc.end();
  return done;
}
