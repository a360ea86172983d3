/**
 * The tensions module's pure rules: references, ward matching, linked-report groups, quarters and the case
 * status machine. No I/O; shared by the services, the routes and the tests.
 */
import { randomBytes } from 'node:crypto';
import { REFERENCE_ALPHABET, type Status } from './model.ts';

/** How long a draft of the public form lives after it was started. */
export const DRAFT_TTL_MS = 24 * 3_600_000;

/** Allowed status changes. Closing is possible from every open status; a closed case can be reopened to triaged. */
export const NEXT_STATUSES: Record<Status, Status[]> = {
  new: ['triaged', 'assigned', 'closed'],
  triaged: ['assigned', 'in_progress', 'closed'],
  assigned: ['in_progress', 'triaged', 'closed'],
  in_progress: ['assigned', 'closed'],
  closed: ['triaged'],
};

/** A random reference such as TR-7K3M-9QXD (8 characters from 29: about 39 bits). Unbiased: bytes ≥ 232 are skipped. */
export function newReference(): string {
  let s = '';
  const limit = 256 - (256 % REFERENCE_ALPHABET.length);
  while (s.length < 8) {
    for (const b of randomBytes(12)) {
      if (b < limit && s.length < 8) s += REFERENCE_ALPHABET[b % REFERENCE_ALPHABET.length];
    }
  }
  return `TR-${s.slice(0, 4)}-${s.slice(4)}`;
}

const normalise = (s: string) =>
  s
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

/**
 * Resolves typed location text to one of the council's wards: a GSS code, or a ward name that appears in the
 * text as whole words (the longest match wins, so "Upper Langham" beats "Langham"). Postcodes cannot be
 * resolved without a postcode lookup, so they stay as typed and an officer sets the ward at triage.
 */
export function resolveWard(wards: readonly { code: string; name: string }[], text: string): string | null {
  const upper = text.trim().toUpperCase();
  const byCode = wards.find((w) => w.code === upper);
  if (byCode) return byCode.code;
  const hay = ` ${normalise(text)} `;
  let best: { code: string; len: number } | null = null;
  for (const w of wards) {
    const names = [
      normalise(w.name),
      ...normalise(w.name)
        .split(/ and /)
        .map((p) => p.trim())
        .filter((p) => p.length >= 4),
    ];
    for (const n of names) {
      if (n && hay.includes(` ${n} `) && (!best || n.length > best.len)) best = { code: w.code, len: n.length };
    }
  }
  return best?.code ?? null;
}

/** Connected groups of linked reports: each report id maps to its group's smallest id. */
export function linkGroups(links: readonly { report_a: string; report_b: string }[]): Map<string, string> {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let r = x;
    for (let up = parent.get(r); up !== undefined && up !== r; up = parent.get(r)) r = up;
    parent.set(x, r);
    return r;
  };
  for (const { report_a, report_b } of links) {
    if (!parent.has(report_a)) parent.set(report_a, report_a);
    if (!parent.has(report_b)) parent.set(report_b, report_b);
    const [a, b] = [find(report_a), find(report_b)];
    if (a !== b) parent.set(a < b ? b : a, a < b ? a : b);
  }
  const out = new Map<string, string>();
  for (const k of parent.keys()) out.set(k, find(k));
  return out;
}

/** Quarter "2024-Q1" → [start, end) in UTC. */
export function quarterRange(quarter: string): [Date, Date] | null {
  const m = /^(\d{4})-Q([1-4])$/.exec(quarter);
  if (!m) return null;
  const y = Number(m[1]);
  const q = Number(m[2]);
  return [new Date(Date.UTC(y, (q - 1) * 3, 1)), new Date(Date.UTC(y, q * 3, 1))];
}

export function quarterOf(d: Date): string {
  return `${d.getUTCFullYear()}-Q${Math.floor(d.getUTCMonth() / 3) + 1}`;
}

export function previousQuarter(d: Date): string {
  const y = d.getUTCFullYear();
  const q = Math.floor(d.getUTCMonth() / 3) + 1;
  return q === 1 ? `${y - 1}-Q4` : `${y}-Q${q - 1}`;
}

/** The monitoring group's addresses from the settings text (commas, semicolons or spaces between them). */
export function recipientsOf(monitoringGroup: string): string[] {
  return monitoringGroup
    .split(/[,;\s]+/)
    .map((e) => e.trim())
    .filter((e) => /^[^@\s]+@[^@\s]+$/.test(e));
}
