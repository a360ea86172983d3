/**
 * Input hygiene for free text, in one place: every form (through parseForm), the public report API and the
 * importers use these.
 *
 * - Control characters other than tab, line feed and carriage return are refused: they are never typed by a
 *   person, and a NUL byte cannot be stored in PostgreSQL text.
 * - Bidirectional embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069) are removed, so text
 *   shown to staff reads in the order it was typed and cannot disguise itself (a "Trojan Source" reversal).
 *   Ordinary right-to-left writing (Arabic, Urdu, Hebrew) needs none of them. The web layer removes them from
 *   every request body before any route sees it (src/server/plugins/text-hygiene.ts), so the public report
 *   endpoint, the public journey, assisted reports and every staff form are treated alike.
 *   The implicit marks (U+200E LEFT-TO-RIGHT MARK, U+200F RIGHT-TO-LEFT MARK, U+061C ARABIC LETTER MARK) are
 *   kept: people writing right-to-left use them to place punctuation, and they only set the direction of the
 *   neutral characters next to them, so they cannot reorder words.
 */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

/** Whether the text holds a control character a person could not have typed. */
export function hasControlCharacters(text: string): boolean {
  return CONTROL.test(text);
}

/** Whether the text holds a bidirectional override or isolate control (for importers that refuse them). */
export function hasBidiControls(text: string): boolean {
  return /[\u202A-\u202E\u2066-\u2069]/.test(text);
}

/** Removes bidirectional override and isolate controls. */
export function neutraliseBidi(text: string): string {
  return text.replace(BIDI_CONTROLS, '');
}

/**
 * Arrays and plain objects, whatever their prototype (a parsed query string's may have none, or an empty one),
 * and never a Buffer (an uploaded file), a Date or another built-in.
 */
const isContainer = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && (Array.isArray(v) || Object.prototype.toString.call(v) === '[object Object]');

/**
 * Removes bidirectional override and isolate controls from every string in a parsed body: a string, or plain
 * objects and arrays nested to any depth (walked without recursion, so deep nesting cannot exhaust the stack).
 * Objects and arrays are changed in place; anything else (an uploaded file's Buffer) is left alone.
 */
export function neutraliseBidiIn<T>(value: T): T {
  if (typeof value === 'string') return neutraliseBidi(value) as T;
  const pending: unknown[] = [value];
  const seen = new Set<object>();
  while (pending.length) {
    const node = pending.pop();
    if (!isContainer(node) || seen.has(node)) continue;
    seen.add(node);
    for (const key of Object.keys(node)) {
      const v = node[key];
      if (typeof v === 'string') {
        const clean = neutraliseBidi(v);
        if (clean !== v) node[key] = clean;
      } else if (isContainer(v)) pending.push(v);
    }
  }
  return value;
}
