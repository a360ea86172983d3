/** Category coding for src/lib/columnar-csv.ts: distinct byte strings → codes, without a string per cell. */

/** The category codes of a column: `codes[r]` indexes `labels`; `first[c]` is the first row with code c. */
export interface Categories {
  readonly codes: Int32Array;
  readonly labels: string[];
  readonly first: Int32Array;
}

/**
 * Open-addressing hash set (linear probing, load ≤ 1/2) of byte strings, giving each distinct value a code
 * in order of first appearance. Hash: FNV-1a with MurmurHash3's finaliser so that the low bits mix well.
 */
export class Interner {
  private slots = new Int32Array(1024); // code + 1, 0 = empty
  private keyBuf: Buffer[] = [];
  private keyStart = new Int32Array(256);
  private keyEnd = new Int32Array(256);
  private hashes = new Int32Array(256);
  private firstRow = new Int32Array(256);
  private size = 0;

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
    this.keyBuf.push(b);
    this.keyStart[code] = s;
    this.keyEnd[code] = e;
    this.hashes[code] = h;
    this.firstRow[code] = row;
    slots[i] = code + 1;
    if (this.size * 2 > slots.length) this.rehash();
    return code;
  }

  private same(code: number, b: Buffer, s: number, e: number): boolean {
    const kb = this.keyBuf[code];
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
    const labels = new Array<string>(this.size);
    for (let c = 0; c < this.size; c++) labels[c] = this.keyBuf[c].toString('utf8', this.keyStart[c], this.keyEnd[c]);
    return { codes, labels, first: this.firstRow.slice(0, this.size) };
  }
}
