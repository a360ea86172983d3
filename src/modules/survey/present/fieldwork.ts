/** View models for the column-mapping page of a fieldwork upload. */
import type { Question } from '../model.ts';

/** Guesses the mapping: a column named like a question's code maps to it; a column called id is the respondent id. */
export function mappingGuess(columns: readonly string[], questions: readonly Question[]): Record<string, string> {
  const guess: Record<string, string> = {};
  for (const [i, c] of columns.entries()) {
    const low = c.toLowerCase().trim();
    guess[`map_${i}`] = questions.find((q) => q.code === low)?.code ?? '';
  }
  guess.idColumn = columns.find((c) => /^(id|respondent_?id|serial)$/i.test(c.trim())) ?? '';
  return guess;
}

/** The chosen question of each column, from the form's `map_<n>` fields. */
export function mappingOf(columns: readonly string[], chosen: Record<string, string>): Record<string, string> {
  const mapping: Record<string, string> = {};
  columns.forEach((c, i) => {
    const code = chosen[`map_${i}`];
    if (code) mapping[c] = code;
  });
  return mapping;
}
