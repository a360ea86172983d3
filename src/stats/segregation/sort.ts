/**
 * Argsort for non-negative doubles, used by the Gini indices.
 *
 * For non-negative IEEE-754 doubles, numeric order equals the order of their
 * bit patterns read as unsigned integers. We radix-sort on the high 32 bits
 * (sign, exponent and the top 20 bits of the mantissa: four 8-bit passes, or
 * three 11-bit passes for large inputs, skipping any digit on which all keys
 * agree), carrying the key digits with
 * the indices so every pass reads sequentially. Runs that share the high word
 * are then finished on the full key: usually they are exact ties (many areas
 * have p = 0) and are already in order; otherwise insertion sort for short
 * runs and a comparison sort for long ones, so the worst case stays
 * O(n log n). This is much faster than a comparator sort over all ~181,000
 * output areas of England and Wales, which V8 runs in JavaScript.
 */

const INSERTION_SORT_MAX = 32;
/** Above this many keys, three 11-bit passes beat four 8-bit ones. */
const WIDE_DIGITS_MIN = 4096;

// Work arrays reused between calls (the engine is synchronous, so this is safe).
let poolHigh = new Uint32Array(0);
let poolHighAlt = new Uint32Array(0);
let poolIdxAlt = new Uint32Array(0);
let poolCounts = new Uint32Array(0);

function workArrays(n: number, countSize: number): void {
  if (poolHigh.length < n) {
    const size = Math.max(n, poolHigh.length * 2);
    poolHigh = new Uint32Array(size);
    poolHighAlt = new Uint32Array(size);
    poolIdxAlt = new Uint32Array(size);
  }
  if (poolCounts.length < countSize) poolCounts = new Uint32Array(countSize);
  else poolCounts.fill(0, 0, countSize);
}

const littleEndian = new Uint8Array(new Float64Array([1]).buffer)[7] === 0x3f;

/**
 * Indices that sort `keys[0..n)` ascending. Keys must be finite and ≥ +0
 * (callers normalise −0 to +0).
 */
export function argsortNonNegative(keys: Float64Array, n: number = keys.length): Uint32Array {
  const order = identity(n);
  if (n <= INSERTION_SORT_MAX) {
    insertionSort(keys, order, 0, n);
    return order;
  }
  if (!littleEndian) {
    order.sort((a, b) => keys[a] - keys[b] || a - b);
    return order;
  }
  const { order: sorted, high } = radixSortHighWords(keys, order, n);
  finishRuns(keys, sorted, high, n);
  return sorted;
}

function identity(n: number): Uint32Array {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  return order;
}

function insertionSort(keys: Float64Array, order: Uint32Array, from: number, to: number): void {
  for (let i = from + 1; i < to; i++) {
    const idx = order[i];
    const key = keys[idx];
    let j = i - 1;
    while (j >= from && keys[order[j]] > key) {
      order[j + 1] = order[j];
      j--;
    }
    order[j + 1] = idx;
  }
}

/** Stable LSD radix sort of indices by the high 32 bits of each key. */
function radixSortHighWords(
  keys: Float64Array,
  order: Uint32Array,
  n: number,
): { order: Uint32Array; high: Uint32Array } {
  const bits = n >= WIDE_DIGITS_MIN ? 11 : 8;
  const radix = 1 << bits;
  const mask = radix - 1;
  const passes = Math.ceil(32 / bits);
  workArrays(n, passes * radix);
  const counts = poolCounts;
  const words = new Uint32Array(keys.buffer, keys.byteOffset, n * 2);
  let highSrc: Uint32Array = poolHigh;
  for (let i = 0; i < n; i++) {
    const hi = words[2 * i + 1];
    highSrc[i] = hi;
    for (let d = 0, base = 0; d < passes; d++, base += radix) counts[base + ((hi >>> (d * bits)) & mask)]++;
  }
  let idxSrc: Uint32Array = order;
  let highDst: Uint32Array = poolHighAlt;
  let idxDst: Uint32Array = poolIdxAlt;
  for (let d = 0; d < passes; d++) {
    const base = d * radix;
    if (isTrivialDigit(counts, base, radix, n)) continue;
    let sum = 0;
    for (let b = 0; b < radix; b++) {
      const c = counts[base + b];
      counts[base + b] = sum;
      sum += c;
    }
    const shift = d * bits;
    for (let i = 0; i < n; i++) {
      const hi = highSrc[i];
      const slot = counts[base + ((hi >>> shift) & mask)]++;
      highDst[slot] = hi;
      idxDst[slot] = idxSrc[i];
    }
    const h = highSrc;
    highSrc = highDst;
    highDst = h;
    const x = idxSrc;
    idxSrc = idxDst;
    idxDst = x;
  }
  if (idxSrc !== order) order.set(idxSrc.subarray(0, n));
  return { order, high: highSrc };
}

/** True when every key has the same value of this digit (the pass would move nothing). */
function isTrivialDigit(counts: Uint32Array, base: number, radix: number, n: number): boolean {
  for (let b = 0; b < radix; b++) {
    const c = counts[base + b];
    if (c !== 0) return c === n;
  }
  return true;
}

/** Order each run of equal high words by the full key. */
function finishRuns(keys: Float64Array, order: Uint32Array, high: Uint32Array, n: number): void {
  let start = 0;
  while (start < n) {
    let end = start + 1;
    while (end < n && high[end] === high[start]) end++;
    if (end - start > 1 && !isSortedRun(keys, order, start, end)) {
      if (end - start <= INSERTION_SORT_MAX) insertionSort(keys, order, start, end);
      else order.subarray(start, end).sort((a, b) => keys[a] - keys[b] || a - b);
    }
    start = end;
  }
}

function isSortedRun(keys: Float64Array, order: Uint32Array, from: number, to: number): boolean {
  for (let i = from + 1; i < to; i++) if (keys[order[i - 1]] > keys[order[i]]) return false;
  return true;
}
