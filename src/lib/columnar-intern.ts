/** Category coding for src/lib/columnar-csv.ts: distinct byte strings → codes, without a string per cell. */

/** The category codes of a column: `codes[r]` indexes `labels`; `first[c]` is the first row with code c. */
export interface Categories {
  readonly codes: Int32Array;
  /** The distinct values, made into strings on first use (a column of ids need not become strings at all). */
  readonly labels: string[];
  /** One label, without making the others. */
  label(code: number): string;
  /** True when the value is the empty string. */
  isEmpty(code: number): boolean;
  readonly first: Int32Array;
}

/**
 * Open-addressing hash set (linear probing, load ≤ 1/2) of byte strings, giving each distinct value a code
 * in order of first appearance. Hash: FNV-1a with MurmurHash3's finaliser so that the low bits mix well.
 */
export class Interner {
  private slots: Int32Array; // code + 1, 0 = empty
  /** The buffers keys live in (usually one: the file), and which one each key is in. */
  private buffers: Buffer[] = [];
  private keyBuf: Int32Array<ArrayBuffer>;
  private keyStart: Int32Array<ArrayBuffer>;
  private keyEnd: Int32Array<ArrayBuffer>;
  private hashes: Int32Array<ArrayBuffer>;
  private firstRow: Int32Array<ArrayBuffer>;
  private size = 0;

  /** `expected`: a guess at the number of distinct values (e.g. the number of rows for a column of ids). */
  constructor(expected = 256) {
    const n = Math.max(256, expected);
    this.keyBuf = new Int32Array(n);
    this.keyStart = new Int32Array(n);
    this.keyEnd = new Int32Array(n);
    this.hashes = new Int32Array(n);
    this.firstRow = new Int32Array(n);
    let slots = 1024;
    while (slots < n * 2) slots *= 2;
    this.slots = new Int32Array(slots);
  }

  intern(b: Buffer, s: number, e: number, row: number): number {
    let h = 0x811c9dc5 | 0;
    for (let k = s; k < e; k++) h = Math.imul(h ^ b[k], 0x01000193);
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    const slots = this.slots;
    const mask = slots.length - 1;
    let i = h & mask;
    for (;;) {
      const slot = slots[i];
      if (slot === 0) break;
      const code = slot - 1;
      if (this.hashes[code] === h && this.same(code, b, s, e)) return code;
      i = (i + 1) & mask;
    }
    const code = this.size++;
    if (code >= this.keyStart.length) this.growKeys();
    let bi = this.buffers.length - 1;
    if (bi < 0 || this.buffers[bi] !== b) {
      bi = this.buffers.indexOf(b);
      if (bi < 0) bi = this.buffers.push(b) - 1;
    }
    this.keyBuf[code] = bi;
    this.keyStart[code] = s;
    this.keyEnd[code] = e;
    this.hashes[code] = h;
    this.firstRow[code] = row;
    slots[i] = code + 1;
    if (this.size * 2 > slots.length) this.rehash();
    return code;
  }

  private same(code: number, b: Buffer, s: number, e: number): boolean {
    const kb = this.buffers[this.keyBuf[code]];
    const ks = this.keyStart[code];
    if (this.keyEnd[code] - ks !== e - s) return false;
    for (let k = 0; k < e - s; k++) if (kb[ks + k] !== b[s + k]) return false;
    return true;
  }

  private growKeys(): void {
    const n = this.keyStart.length * 2;
    const copy = (a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> => {
      const next = new Int32Array(n);
      next.set(a);
      return next;
    };
    this.keyBuf = copy(this.keyBuf);
    this.keyStart = copy(this.keyStart);
    this.keyEnd = copy(this.keyEnd);
    this.hashes = copy(this.hashes);
    this.firstRow = copy(this.firstRow);
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let code = 0; code < this.size; code++) {
      let i = this.hashes[code] & mask;
      while (slots[i] !== 0) i = (i + 1) & mask;
      slots[i] = code + 1;
    }
    this.slots = slots;
  }

  result(codes: Int32Array): Categories {
    const size = this.size;
    const buffers = this.buffers;
    const keyBuf = this.keyBuf.subarray(0, size);
    const keyStart = this.keyStart.subarray(0, size);
    const keyEnd = this.keyEnd.subarray(0, size);
    const label = (c: number): string => buffers[keyBuf[c]].toString('utf8', keyStart[c], keyEnd[c]);
    let labels: string[] | null = null;
    return {
      codes,
      first: this.firstRow.subarray(0, size),
      label,
      isEmpty: (c: number): boolean => keyEnd[c] === keyStart[c],
      get labels(): string[] {
        if (labels === null) {
          labels = new Array<string>(size);
          for (let c = 0; c < size; c++) labels[c] = label(c);
        }
        return labels;
      },
    };
  }
}

/** Growable Int32Array (for the reader's offsets). */
export function grow(a: Int32Array<ArrayBuffer>, size: number): Int32Array<ArrayBuffer> {
  if (size <= a.length) return a;
  const next = new Int32Array(Math.max(size, a.length * 2));
  next.set(a);
  return next;
}
