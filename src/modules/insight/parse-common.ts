/** What the insight parsers share: CSV rows, problems by line, numbers and the patterns of codes. */
export type Rows =
  | AsyncIterable<{ line: number; record: Record<string, string> }>
  | Iterable<{ line: number; record: Record<string, string> }>;

export interface Problem {
  line: number;
  message: string;
}

export const MAX_LISTED_PROBLEMS = 1000;

export class Problems {
  list: Problem[] = [];
  count = 0;
  constructor(private readonly max: number) {}
  add(line: number, message: string) {
    this.count++;
    if (this.list.length < this.max) this.list.push({ line, message });
  }
}

/** A number from a CSV cell: plain decimal, optional thousands separators; blank → null; bad → NaN. */
export function parseNumber(raw: string | undefined): number | null {
  const s = (raw ?? '').trim();
  if (s === '') return null;
  if (!/^[-+]?(\d{1,3}(,\d{3})+|\d*)(\.\d+)?([eE][-+]?\d+)?$/.test(s) || s === '-' || s === '+' || s === '.')
    return Number.NaN;
  const v = Number(s.replace(/,/g, ''));
  return Number.isFinite(v) ? v : Number.NaN;
}

export const PERIOD_PATTERN = /^\d{4}([-/](\d{2}|\d{4}|Q[1-4]|W\d{2}|H[12]))?$/;
export const GROUP_PATTERN = /^[\p{L}\p{N} _:.,'()&/+|-]{1,120}$/u;
export const INDICATOR_CODE_PATTERN = /^[a-z0-9][a-z0-9_.-]{1,80}$/;

/** Records the first line of each area code; a later row for the same area gets a reason naming that line. */
export function noteRepeat(seen: Map<string, number>, code: string, line: number, reasons: string[]): void {
  const first = seen.get(code);
  if (first !== undefined) reasons.push(`area ${code} repeats line ${first}`);
  else seen.set(code, line);
}
