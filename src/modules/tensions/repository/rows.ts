/** The row an INSERT … RETURNING or UPDATE … RETURNING must give back; its absence is a bug, not a user's error. */
export function returned<T>(row: T | undefined, statement: string): T {
  if (row === undefined) throw new Error(`${statement} returned no row`);
  return row;
}
