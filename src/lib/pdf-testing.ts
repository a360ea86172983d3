/**
 * For tests: the text of a PDF written by `createPdf`, read back through each embedded font's ToUnicode map,
 * the way a screen reader or copy and paste reads it. Handles what pdfkit writes (Flate-compressed streams,
 * Type0 fonts with two-byte glyph codes, `Tf` and `TJ` operators), not PDF in general.
 */
import { inflateSync } from 'node:zlib';

interface PdfObject {
  dict: string;
  stream: Buffer | null;
}

function objects(pdf: Buffer): Map<string, PdfObject> {
  const text = pdf.toString('latin1');
  const out = new Map<string, PdfObject>();
  for (const m of text.matchAll(/(\d+) 0 obj\s*([\s\S]*?)endobj/g)) {
    const body = m[2];
    const at = body.indexOf('stream');
    if (at < 0) {
      out.set(m[1], { dict: body, stream: null });
      continue;
    }
    const dict = body.slice(0, at);
    const start = at + 'stream'.length + (body[at + 6] === '\r' ? 2 : 1);
    const raw = Buffer.from(body.slice(start, body.lastIndexOf('endstream')), 'latin1');
    out.set(m[1], { dict, stream: /\/FlateDecode/.test(dict) ? inflateSync(raw) : raw });
  }
  return out;
}

/** Glyph code (four hex digits) → text, from a ToUnicode CMap's bfrange lines as pdfkit writes them. */
function cmap(source: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const m of source.matchAll(/<([0-9a-f]{4})> <[0-9a-f]{4}> \[([^\]]*)\]/gi)) {
    let code = parseInt(m[1], 16);
    for (const entry of m[2].matchAll(/<([0-9a-f ]+)>/gi)) {
      const units = entry[1].split(' ').map((h) => parseInt(h, 16));
      map.set(code.toString(16).padStart(4, '0'), String.fromCharCode(...units));
      code++;
    }
  }
  return map;
}

/** The PDF's text, one line per text operator, and the base names of its fonts. */
export function pdfText(pdf: Buffer): { text: string; fonts: string[] } {
  const objs = objects(pdf);
  const byId = new Map<string, Map<string, string>>();
  const fonts: string[] = [];
  for (const [id, o] of objs) {
    const base = /\/Type\s*\/Font[\s\S]*?\/BaseFont\s*\/([^\s/>]+)/.exec(o.dict);
    if (base && !/\/CIDFontType/.test(o.dict)) fonts.push(base[1]);
    const to = /\/ToUnicode (\d+) 0 R/.exec(o.dict);
    const source = to ? objs.get(to[1])?.stream : null;
    if (source) byId.set(id, cmap(source.toString('latin1')));
  }
  const names = new Map<string, Map<string, string>>();
  for (const o of objs.values())
    for (const m of o.dict.matchAll(/\/(F\d+) (\d+) 0 R/g)) {
      const c = byId.get(m[2]);
      if (c) names.set(m[1], c);
    }
  const lines: string[] = [];
  for (const o of objs.values()) {
    if (!o.stream) continue;
    const content = o.stream.toString('latin1');
    if (!/ Tf/.test(content)) continue;
    let current: Map<string, string> | undefined;
    for (const m of content.matchAll(/\/(F\d+) [\d.]+ Tf|\[((?:<[0-9a-f]*>|[^\]])*)\] TJ/gi)) {
      if (m[1]) current = names.get(m[1]);
      else if (current) {
        const c = current;
        const hex = [...m[2].matchAll(/<([0-9a-f]*)>/gi)].map((h) => h[1]).join('');
        lines.push((hex.match(/.{4}/g) ?? []).map((g) => c.get(g.toLowerCase()) ?? '\uFFFD').join(''));
      }
    }
  }
  return { text: lines.join('\n'), fonts };
}
