/**
 * Test helper: a tiny XML well-formedness check for the SVG strings (no DOM available).
 * Checks balanced and properly nested tags, quoted attributes without raw `<`, no duplicate
 * attributes, and that text never contains a raw `<` or an `&` that does not start an entity.
 * Returns a list of problems (empty when well-formed) and the elements seen.
 */
export interface XmlCheck {
  problems: string[];
  elements: { name: string; attrs: Record<string, string> }[];
}

const ENTITY = /^&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/;

function checkText(text: string, where: string, problems: string[]): void {
  for (let i = text.indexOf('&'); i !== -1; i = text.indexOf('&', i + 1)) {
    if (!ENTITY.test(text.slice(i))) problems.push(`bare & in ${where}: ${text.slice(i, i + 12)}`);
  }
}

export function checkXml(xml: string): XmlCheck {
  const problems: string[] = [];
  const elements: XmlCheck['elements'] = [];
  const stack: string[] = [];
  let i = 0;
  let roots = 0;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const text = lt === -1 ? xml.slice(i) : xml.slice(i, lt);
    if (text.includes('>')) problems.push(`raw > in text near ${JSON.stringify(text.slice(0, 30))}`);
    checkText(text, 'text', problems);
    if (stack.length === 0 && text.trim() !== '') problems.push('text outside the root element');
    if (lt === -1) break;
    const gt = xml.indexOf('>', lt);
    if (gt === -1) {
      problems.push('unterminated tag');
      break;
    }
    const tag = xml.slice(lt + 1, gt);
    i = gt + 1;
    if (tag.startsWith('/')) {
      const name = tag.slice(1).trim();
      const open = stack.pop();
      if (open !== name) problems.push(`closing </${name}> does not match <${open ?? '(none)'}>`);
      continue;
    }
    const selfClosing = tag.endsWith('/');
    const body = selfClosing ? tag.slice(0, -1) : tag;
    const m = /^([A-Za-z][\w:.-]*)/.exec(body);
    if (!m) {
      problems.push(`bad tag <${tag.slice(0, 20)}>`);
      continue;
    }
    const name = m[1];
    const attrs: Record<string, string> = {};
    let rest = body.slice(name.length);
    const attrRe = /^\s+([A-Za-z_:][\w:.-]*)="([^"]*)"/;
    for (;;) {
      const a = attrRe.exec(rest);
      if (!a) break;
      if (a[1] in attrs) problems.push(`duplicate attribute ${a[1]} on <${name}>`);
      if (a[2].includes('<')) problems.push(`raw < in attribute ${a[1]}`);
      checkText(a[2], `attribute ${a[1]}`, problems);
      attrs[a[1]] = a[2];
      rest = rest.slice(a[0].length);
    }
    if (rest.trim() !== '') problems.push(`unparsed attribute text in <${name}>: ${rest.slice(0, 30)}`);
    elements.push({ name, attrs });
    if (stack.length === 0) roots++;
    if (!selfClosing) stack.push(name);
  }
  if (stack.length > 0) problems.push(`unclosed elements: ${stack.join(' > ')}`);
  if (roots !== 1) problems.push(`expected exactly one root element, found ${roots}`);
  return { problems, elements };
}
