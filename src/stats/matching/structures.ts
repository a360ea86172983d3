/**
 * Small data structures shared by the matching solvers: a binary min-heap of
 * (key, node) pairs with lazy deletion (Williams 1964, "Algorithm 232:
 * Heapsort", CACM 7(6)), ties broken by the lower node for reproducibility,
 * and grouping items by key into compressed sparse rows.
 */

/** Binary min-heap of (key, node) with lazy deletion. */
export class Heap {
  keys = new Float64Array(64);
  nodes = new Int32Array(64);
  size = 0;
  push(key: number, node: number): void {
    if (this.size === this.keys.length) {
      const k = new Float64Array(this.size * 2);
      k.set(this.keys);
      const n = new Int32Array(this.size * 2);
      n.set(this.nodes);
      this.keys = k;
      this.nodes = n;
    }
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.keys[parent] < key || (this.keys[parent] === key && this.nodes[parent] < node)) break;
      this.keys[i] = this.keys[parent];
      this.nodes[i] = this.nodes[parent];
      i = parent;
    }
    this.keys[i] = key;
    this.nodes[i] = node;
  }
  /** Removes the minimum; read it from topKey/topNode before calling. */
  pop(): void {
    const last = --this.size;
    const key = this.keys[last];
    const node = this.nodes[last];
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= last) break;
      if (
        c + 1 < last &&
        (this.keys[c + 1] < this.keys[c] || (this.keys[c + 1] === this.keys[c] && this.nodes[c + 1] < this.nodes[c]))
      )
        c++;
      if (key < this.keys[c] || (key === this.keys[c] && node < this.nodes[c])) break;
      this.keys[i] = this.keys[c];
      this.nodes[i] = this.nodes[c];
      i = c;
    }
    this.keys[i] = key;
    this.nodes[i] = node;
  }
}

/** CSR of items grouped by key. */
export function group(keyOf: Int32Array, items: Int32Array, keys: number): { start: Int32Array; items: Int32Array } {
  const start = new Int32Array(keys + 1);
  for (const i of items) start[keyOf[i] + 1]++;
  for (let k = 0; k < keys; k++) start[k + 1] += start[k];
  const out = new Int32Array(items.length);
  const fill = start.slice(0, keys);
  for (const i of items) out[fill[keyOf[i]]++] = i;
  return { start, items: out };
}
