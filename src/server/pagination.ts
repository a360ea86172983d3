/** Page number from a query string, clamped to [1, ∞). */
export function pageFrom(query: unknown): number {
  const raw = (query as { page?: string } | undefined)?.page;
  const n = Number.parseInt(String(raw ?? '1'), 10);
  return Number.isFinite(n) && n >= 1 && n <= 1_000_000 ? n : 1;
}

/** Parameters for the govukPagination macro: previous/next and numbered items with ellipses. */
export function paginationParams(
  basePath: string,
  page: number,
  pageSize: number,
  total: number,
  extra: Record<string, string> = {},
) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const href = (p: number) => {
    const q = new URLSearchParams({ ...extra, page: String(p) });
    return `${basePath}?${q.toString()}`;
  };
  const items: ({ number: number; href: string; current: boolean } | { ellipsis: true })[] = [];
  for (let p = 1; p <= pages; p++) {
    if (p === 1 || p === pages || Math.abs(p - page) <= 1)
      items.push({ number: p, href: href(p), current: p === page });
    else if (items.length && !('ellipsis' in items[items.length - 1])) items.push({ ellipsis: true });
  }
  return {
    pages,
    from: total === 0 ? 0 : (page - 1) * pageSize + 1,
    to: Math.min(total, page * pageSize),
    total,
    params:
      pages <= 1
        ? null
        : {
            previous: page > 1 ? { href: href(page - 1) } : undefined,
            next: page < pages ? { href: href(page + 1) } : undefined,
            items,
          },
  };
}
