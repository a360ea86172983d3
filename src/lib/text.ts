/**
 * Input hygiene for free text, in one place: every form (through parseForm), the public report API and the
 * importers use these.
 *
 * - Control characters other than tab, line feed and carriage return are refused: they are never typed by a
 *   person, and a NUL byte cannot be stored in PostgreSQL text.
 * - Bidirectional embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069) are removed, so text
 *   shown to staff reads in the order it was typed and cannot disguise itself (a "Trojan Source" reversal).
 *   Ordinary right-to-left writing (Arabic, Urdu, Hebrew) needs none of them.
 */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

/** Whether the text holds a control character a person could not have typed. */
export function hasControlCharacters(text: string): boolean {
  return CONTROL.test(text);
}

/** Removes bidirectional override and isolate controls. */
export function neutraliseBidi(text: string): string {
  return text.replace(BIDI_CONTROLS, '');
}
