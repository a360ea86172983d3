/**
 * PDF documents (pdfkit) in a Unicode font. The 14 standard PDF fonts use WinAnsi encoding, which has no ŵ or ŷ
 * (nor −, → or ≤), so Welsh text would lose its circumflexes. Every PDF embeds DejaVu Sans instead (from the
 * dejavu-fonts-ttf package, installed with the service; nothing is fetched at run time): pdfkit embeds only the
 * glyphs a document uses (a subset) and writes a ToUnicode map, so the text can be searched and copied.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';

/** The names under which every document registers its fonts. */
export const PDF_FONT = { regular: 'Body', bold: 'Body-Bold', italic: 'Body-Italic' } as const;

const FILES = {
  [PDF_FONT.regular]: 'DejaVuSans.ttf',
  [PDF_FONT.bold]: 'DejaVuSans-Bold.ttf',
  [PDF_FONT.italic]: 'DejaVuSans-Oblique.ttf',
} as const;

let cache: Map<string, Buffer> | null = null;

/** The font files, read once per process. */
function fontFiles(): Map<string, Buffer> {
  if (!cache) {
    const dir = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
    cache = new Map(Object.entries(FILES).map(([name, file]) => [name, readFileSync(join(dir, file))]));
  }
  return cache;
}

/** A new A4 document in `lang` (the PDF's /Lang, read by screen readers) with the Unicode fonts registered. */
export function createPdf(info: { Title: string; Author: string }, lang: string): PDFKit.PDFDocument {
  const files = fontFiles();
  // The regular font from the start, so that the standard Helvetica is never opened.
  const font = files.get(PDF_FONT.regular) as unknown as string; // pdfkit takes a Buffer; its types say string
  const doc = new PDFDocument({ size: 'A4', margin: 50, info, lang, font });
  for (const [name, data] of files) doc.registerFont(name, data);
  return doc.font(PDF_FONT.regular);
}

/** The document's bytes once it has ended (call before `doc.end()`). */
export function pdfBytes(doc: PDFKit.PDFDocument): Promise<Buffer> {
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  return new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}
