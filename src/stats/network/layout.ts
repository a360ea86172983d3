/**
 * A seeded force-directed layout (Fruchterman & Reingold 1991, "Graph drawing by force-directed placement",
 * Software: Practice and Experience 21(11)): nodes repel with force k²/d, ties attract with d²/k, where
 * k = √(area / n); each step moves a node at most by the temperature, which cools linearly to zero.
 * Starting positions come from the seeded generator of ../random.ts, so the same graph and seed always give
 * the same picture. Components drift apart under repulsion; a weak pull to the centre (gravity) keeps them
 * in the frame. Cost O(iterations × (n² + m)); the number of iterations falls with n so a page stays fast.
 * Positions are returned scaled into the unit square [0, 1]².
 */
import { createRng } from '../random.ts';
import type { Graph } from './types.ts';

export interface LayoutOptions {
  readonly seed: number;
  /** Default: between 10 and 300, fewer for larger graphs (about 2·10⁷ / n² pair steps in all). */
  readonly iterations?: number;
}

export interface Layout {
  readonly x: Float64Array;
  readonly y: Float64Array;
}

export function forceLayout(graph: Graph, options: LayoutOptions): Layout {
  const n = graph.nodeCount;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  if (n === 0) return { x, y };
  const rng = createRng(options.seed);
  for (let v = 0; v < n; v++) {
    x[v] = rng.next();
    y[v] = rng.next();
  }
  if (n === 1) {
    x[0] = 0.5;
    y[0] = 0.5;
    return { x, y };
  }
  const iterations = options.iterations ?? Math.max(10, Math.min(300, Math.round(2e7 / (n * n))));
  const k = Math.sqrt(1 / n);
  const k2 = k * k;
  const gravity = 0.05;
  const dx = new Float64Array(n);
  const dy = new Float64Array(n);
  for (let it = 0; it < iterations; it++) {
    const temperature = 0.1 * (1 - it / iterations);
    dx.fill(0);
    dy.fill(0);
    for (let u = 0; u < n; u++) {
      for (let v = u + 1; v < n; v++) {
        let ex = x[u] - x[v];
        let ey = y[u] - y[v];
        let d2 = ex * ex + ey * ey;
        if (d2 < 1e-12) {
          // Coincident nodes: separate them along a fixed direction.
          ex = 1e-6 * ((u % 7) - 3 || 1);
          ey = 1e-6 * ((v % 5) - 2 || 1);
          d2 = ex * ex + ey * ey;
        }
        const f = k2 / d2; // (k² / d) / d: force over distance, times the unit vector's components
        dx[u] += ex * f;
        dy[u] += ey * f;
        dx[v] -= ex * f;
        dy[v] -= ey * f;
      }
    }
    for (let e = 0; e < graph.edgeCount; e++) {
      const u = graph.edgeFrom[e];
      const v = graph.edgeTo[e];
      const ex = x[u] - x[v];
      const ey = y[u] - y[v];
      const d = Math.sqrt(ex * ex + ey * ey);
      const f = d / k; // (d² / k) / d
      dx[u] -= ex * f;
      dy[u] -= ey * f;
      dx[v] += ex * f;
      dy[v] += ey * f;
    }
    for (let v = 0; v < n; v++) {
      dx[v] -= gravity * (x[v] - 0.5) * n * k;
      dy[v] -= gravity * (y[v] - 0.5) * n * k;
      const d = Math.sqrt(dx[v] * dx[v] + dy[v] * dy[v]);
      if (d > 0) {
        const step = Math.min(d, temperature) / d;
        x[v] += dx[v] * step;
        y[v] += dy[v] * step;
      }
    }
  }
  // Scale into the unit square, keeping the aspect ratio.
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let v = 0; v < n; v++) {
    minX = Math.min(minX, x[v]);
    maxX = Math.max(maxX, x[v]);
    minY = Math.min(minY, y[v]);
    maxY = Math.max(maxY, y[v]);
  }
  const span = Math.max(maxX - minX, maxY - minY) || 1;
  const offX = (1 - (maxX - minX) / span) / 2;
  const offY = (1 - (maxY - minY) / span) / 2;
  for (let v = 0; v < n; v++) {
    x[v] = offX + (x[v] - minX) / span;
    y[v] = offY + (y[v] - minY) / span;
  }
  return { x, y };
}
