/**
 * Reading an edge list (from,to[,relationship]) and an optional node file (id plus attribute columns) for a
 * network study. Every bad row is reported with its file and line; supplied ids are replaced by pseudonymous
 * respondent codes (a keyed hash, see `pseudonym`) before anything is stored, and columns that would hold
 * direct identifiers are refused.
 */
import { createHmac } from 'node:crypto';
import { CsvReadError, readCsvBuffer } from '../../lib/csv.ts';
import { IDENTIFYING_COLUMNS, MAX_ATTRIBUTES, MAX_NODES, MAX_TIES, type StoredNode, type StoredTie } from './model.ts';

export interface ParseProblem {
  readonly file: 'edges' | 'nodes';
  readonly line: number | null;
  readonly message: string;
}

export interface ParsedNetwork {
  readonly nodes: StoredNode[];
  readonly ties: StoredTie[];
  readonly attributes: string[];
  readonly duplicateTies: number;
  readonly selfTies: number;
}

/** The respondent code of a supplied id: "R" and 10 hex digits of HMAC-SHA-256(key, id). */
export function pseudonym(key: string, id: string): string {
  return 'R' + createHmac('sha256', key).update(id).digest('hex').slice(0, 10);
}

const ID = /^[^\s,;]{1,64}$/;
const COLUMN = /^[a-z][a-z0-9_]{0,39}$/;

export async function parseNetwork(
  key: string,
  edges: Buffer,
  nodesFile: Buffer | null,
): Promise<{ ok: true; network: ParsedNetwork } | { ok: false; problems: ParseProblem[] }> {
  const problems: ParseProblem[] = [];
  const nodes = new Map<string, StoredNode>();
  const codeOf = new Map<string, string>();
  const idOfCode = new Map<string, string>();
  const code = (id: string, file: 'edges' | 'nodes', line: number): string | null => {
    const known = codeOf.get(id);
    if (known) return known;
    const c = pseudonym(key, id);
    const clash = idOfCode.get(c);
    if (clash !== undefined && clash !== id) {
      problems.push({ file, line, message: 'two ids give the same respondent code; rename one of them' });
      return null;
    }
    idOfCode.set(c, id);
    codeOf.set(id, c);
    return c;
  };
  let attributes: string[] = [];
  if (nodesFile) {
    try {
      let header: readonly string[] = [];
      let checked = false;
      for await (const { line, record } of readCsvBuffer(nodesFile, {
        name: 'nodes.csv',
        trim: true,
        onHeader: (h) => (header = h),
      })) {
        if (!checked) {
          checked = true;
          const lower = header.map((h) => h.toLowerCase());
          if (!lower.includes('id')) {
            problems.push({ file: 'nodes', line: 1, message: 'the node file needs a column "id"' });
            break;
          }
          attributes = lower.filter((h) => h !== 'id');
          const identifying = attributes.filter((a) => (IDENTIFYING_COLUMNS as readonly string[]).includes(a));
          if (identifying.length) {
            problems.push({
              file: 'nodes',
              line: 1,
              message: `columns that identify people are not stored: remove ${identifying.join(', ')}`,
            });
            break;
          }
          const bad = attributes.find((a) => !COLUMN.test(a));
          if (bad !== undefined) {
            problems.push({ file: 'nodes', line: 1, message: `column "${bad}": use lower-case letters, digits and _` });
            break;
          }
          if (attributes.length > MAX_ATTRIBUTES) {
            problems.push({ file: 'nodes', line: 1, message: `at most ${MAX_ATTRIBUTES} attribute columns` });
            break;
          }
        }
        const values = Object.fromEntries(Object.entries(record).map(([k, v]) => [k.toLowerCase(), v.trim()]));
        const id = values.id ?? '';
        if (!ID.test(id)) {
          problems.push({ file: 'nodes', line, message: 'id must be 1 to 64 characters without spaces, commas or ;' });
          continue;
        }
        const c = code(id, 'nodes', line);
        if (c === null) continue;
        if (nodes.has(c)) {
          problems.push({ file: 'nodes', line, message: 'this id appears twice' });
          continue;
        }
        const attrs: Record<string, string> = {};
        for (const a of attributes) {
          const v = values[a] ?? '';
          if (v.length > 60) problems.push({ file: 'nodes', line, message: `${a} must be 60 characters or fewer` });
          else if (v !== '') attrs[a] = v;
        }
        nodes.set(c, { code: c, attributes: attrs });
        if (nodes.size > MAX_NODES) {
          problems.push({ file: 'nodes', line, message: `at most ${MAX_NODES} people per study` });
          break;
        }
      }
    } catch (error) {
      if (!(error instanceof CsvReadError)) throw error;
      problems.push({ file: 'nodes', line: null, message: error.message });
    }
  }
  const fixed = nodesFile !== null;
  const seen = new Set<string>();
  const ties: StoredTie[] = [];
  let duplicateTies = 0;
  let selfTies = 0;
  try {
    let header: readonly string[] = [];
    let checked = false;
    for await (const { line, record } of readCsvBuffer(edges, {
      name: 'edges.csv',
      trim: true,
      onHeader: (h) => (header = h),
    })) {
      if (!checked) {
        checked = true;
        if (!header.includes('from') || !header.includes('to')) {
          problems.push({ file: 'edges', line: 1, message: 'the edge list needs columns "from" and "to"' });
          break;
        }
      }
      const from = (record.from ?? '').trim();
      const to = (record.to ?? '').trim();
      const relationship = (record.relationship ?? '').trim() || null;
      if (!ID.test(from) || !ID.test(to)) {
        problems.push({ file: 'edges', line, message: '"from" and "to" must be ids of 1 to 64 characters' });
        continue;
      }
      if (relationship !== null && relationship.length > 60) {
        problems.push({ file: 'edges', line, message: 'relationship must be 60 characters or fewer' });
        continue;
      }
      const a = code(from, 'edges', line);
      const b = code(to, 'edges', line);
      if (a === null || b === null) continue;
      let unknown = false;
      for (const [c, id] of [
        [a, from],
        [b, to],
      ] as const) {
        if (nodes.has(c)) continue;
        if (fixed) {
          problems.push({ file: 'edges', line, message: `"${id}" is not in the node file` });
          unknown = true;
        } else nodes.set(c, { code: c, attributes: {} });
      }
      if (unknown) continue;
      if (a === b) {
        selfTies++;
        continue;
      }
      const [lo, hi] = a < b ? [a, b] : [b, a];
      const k = `${lo}:${hi}`;
      if (seen.has(k)) {
        duplicateTies++;
        continue;
      }
      seen.add(k);
      ties.push({ from: lo, to: hi, relationship });
      if (ties.length > MAX_TIES) {
        problems.push({ file: 'edges', line, message: `at most ${MAX_TIES} ties per study` });
        break;
      }
    }
    if (!checked && !problems.length)
      problems.push({ file: 'edges', line: null, message: 'the edge list has no ties' });
  } catch (error) {
    if (!(error instanceof CsvReadError)) throw error;
    problems.push({ file: 'edges', line: null, message: error.message });
  }
  if (nodes.size > MAX_NODES)
    problems.push({ file: 'edges', line: null, message: `at most ${MAX_NODES} people per study` });
  if (problems.length) return { ok: false, problems };
  return { ok: true, network: { nodes: [...nodes.values()], ties, attributes, duplicateTies, selfTies } };
}
