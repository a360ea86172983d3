/** Reading form bodies: the fields as submitted, and the GOV.UK date input's boxes as one ISO date. */

/** The boxes as an ISO date (empty when they are not all numbers, so validation explains) and as typed. */
export function dateFromParts(body: unknown, name = 'happenedOn'): { value: string; parts: Record<string, string> } {
  const fields = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const get = (k: string) => {
    const v = fields[`${name}-${k}`];
    return typeof v === 'string' ? v.trim() : '';
  };
  const [d, m, y] = [get('day'), get('month'), get('year')];
  const parts = { [`${name}-day`]: d, [`${name}-month`]: m, [`${name}-year`]: y };
  if (!/^\d{1,2}$/.test(d) || !/^\d{1,2}$/.test(m) || !/^\d{4}$/.test(y)) return { value: '', parts };
  return { value: `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`, parts };
}

/** A submitted form's fields, to show again beside an error. */
export function bodyValues(body: unknown): Record<string, unknown> {
  return body && typeof body === 'object' ? { ...(body as Record<string, unknown>) } : {};
}
