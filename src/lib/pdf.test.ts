import { describe, expect, it } from 'vitest';
import { createPdf, pdfBytes, PDF_FONT } from './pdf.ts';
import { pdfText } from './pdf-testing.ts';

async function render(write: (doc: PDFKit.PDFDocument) => void): Promise<Buffer> {
  const doc = createPdf({ Title: 'Adroddiad', Author: 'Cyngor' }, 'cy');
  const done = pdfBytes(doc);
  write(doc);
  doc.end();
  return done;
}

describe('PDFs in a Unicode font', () => {
  it('keeps Welsh letters and typographic signs that the standard PDF fonts cannot show', async () => {
    const welsh = 'Adroddiad chwarterol: ŵyn a ŷd – Ŵ Ŷ â ê î ô û ï ë; −3 → 5 ≤ 10 “dyfynnu”';
    const pdf = await render((doc) => {
      doc.text(welsh);
      doc.font(PDF_FONT.bold).text('Crynodeb ŵ');
      doc.font(PDF_FONT.italic).text('Nodyn ŷ');
    });
    const { text, fonts } = pdfText(pdf);
    expect(text.split('\n')).toEqual([welsh, 'Crynodeb ŵ', 'Nodyn ŷ']);
    // Embedded subsets of DejaVu Sans, never a standard font (which would lose ŵ and ŷ).
    expect(fonts.length).toBeGreaterThan(0);
    for (const f of fonts) expect(f).toMatch(/^[A-Z]{6}\+DejaVuSans/);
    expect(pdf.toString('latin1')).toContain('/FontFile2');
  });

  it('says the document is in Welsh', async () => {
    const pdf = await render((doc) => doc.text('Helo'));
    expect(pdf.toString('latin1')).toMatch(/\/Lang \(cy\)/);
  });
});
