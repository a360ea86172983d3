/** Category coding for src/lib/columnar-csv.ts: distinct byte strings → codes, without a string per cell. */

/** The category codes of a column: `codes[r]` indexes `labels`; `first[c]` is the first row with code c. */
export interface Categories {
  readonly codes: Int32Array;
  readonly labels: string[];
  readonly first: Int32Array;
}

/** Open-addressing hash set of byte strings (FNV-1a), giving each distinct value a code. */
export class Interner {
  private slots = new Int32Array(1024); // code + 1, 0 = empty
  private keyBuf: Buffer[] = [];
  private keyStart: number[] = [];
  private keyEnd: number[] = [];
  private hashes: number[] = [];
  private firstRow: number[] = [];

  intern(b: Buffer, s: number, e: number, row: number): number {
    let h = 0x811c9dc5;
    for (let k = s; k < e; k++) h = Math.imul(h ^ b[k], 0x01000193);
    const mask = this.slots.length - 1;
    let i = h & mask;
    for (;;) {
      const slot = this.slots[i];
      if (slot === 0) break;
      const code = slot - 1;
      if (this.hashes[code] === h && this.same(code, b, s, e)) return code;
      i = (i + 1) & mask;
    }
    const code = this.keyStart.length;
    this.keyBuf.push(b);
    this.keyStart.push(s);
    this.keyEnd.push(e);
    this.hashes.push(h);
    this.firstRow.push(row);
    this.slots[i] = code + 1;
    if ((code + 1) * 2 > this.slots.length) this.grow();
    return code;
  }

  private same(code: number, b: Buffer, s: number, e: number): boolean {
    const kb = this.keyBuf[code];
    const ks = this.keyStart[code];
    if (this.keyEnd[code] - ks !== e - s) return false;
    for (let k = 0; k < e - s; k++) if (kb[ks + k] !== b[s + k]) return false;
    return true;
  }

  private grow(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let code = 0; code < this.hashes.length; code++) {
      let i = this.hashes[code] & mask;
      while (slots[i] !== 0) i = (i + 1) & mask;
      slots[i] = code + 1;
    }
    this.slots = slots;
  }

  result(codes: Int32Array): Categories {
    const labels = this.keyStart.map((s, c) => this.keyBuf[c].toString('utf8', s, this.keyEnd[c]));
    return { codes, labels, first: Int32Array.from(this.firstRow) };
  }
}
