import { describe, expect, it } from 'vitest';
import { englishDetector } from './welsh.ts';

describe('the English detector used by the Welsh browser test', () => {
  const d = englishDetector([
    ['Save changes', "Cadw'r newidiadau"],
    ['Week {week}: {from} to {to}', 'Wythnos {week}: {from} i {to}'],
    ['Ward', 'Ward'],
    ['PDF', 'PDF'],
    ['Download the results as a spreadsheet', "Lawrlwytho'r canlyniadau fel taenlen"],
  ]);

  it('finds English catalogue values, messages with their placeholders filled, and long values inside text', () => {
    expect(d.why('  Save   changes ')).toBe('an English catalogue value');
    expect(d.why('Week 2026-W48: 23 November to 29 November')).toBe('an English catalogue message');
    expect(d.why('Or: Download the results as a spreadsheet now')).toMatch(/contains/);
  });

  it('finds English that is in no catalogue by its function words', () => {
    expect(d.why('Leaflets from a far-right group were pushed through doors (fictional).')).toMatch(/English words/);
  });

  it('passes Welsh, shared words, names and numbers', () => {
    for (const text of [
      "Cadw'r newidiadau",
      'Wythnos 2026-W48: 23 Tachwedd i 29 Tachwedd',
      'Ward',
      'PDF',
      'Riverside North',
      '12.5%',
      "Mae hyn yn lefel is o densiwn nag a welwyd o'r blaen, at ei gilydd",
    ])
      expect(d.why(text), text).toBeNull();
  });
});
