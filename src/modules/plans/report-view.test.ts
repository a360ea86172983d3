import { describe, expect, it } from 'vitest';
import { translator } from '../../i18n/index.ts';
import { reportView } from './report-view.ts';
import type { CabinetReport } from './services/report.ts';

function report(signals: CabinetReport['signals']): CabinetReport {
  return {
    period: { label: '2026-Q3' },
    plans: [],
    summary: { actions: 0, completed: 0, slipped: 0, measures: { on_track: 0, at_risk: 0, off_track: 0, none: 0 } },
    signals,
    sections: [],
  } as unknown as CabinetReport;
}

describe('the cabinet report: actions raised from each kind of signal', () => {
  const signals = [
    { kind: 'insight.gap', count: 2 },
    { kind: 'survey.result', count: 7 },
    { kind: 'tensions.event', count: 5 },
    { kind: 'tensions.ward', count: 3 },
  ];

  it('names each kind of signal in words, in English and Welsh', () => {
    expect(reportView(report(signals), 'Demoshire', translator('en')).signals.rows.map((r) => r[0])).toEqual([
      "An indicator's gap",
      'A survey result',
      'A trigger event',
      "A ward's tension picture",
    ]);
    expect(reportView(report(signals), 'Demoshire', translator('cy')).signals.rows.map((r) => r[0])).toEqual([
      'Bwlch dangosydd',
      'Canlyniad arolwg',
      'Digwyddiad sbarduno',
      'Darlun tensiwn ward',
    ]);
  });

  it('suppresses small counts that come from tension data only', () => {
    const rows = reportView(report(signals), 'Demoshire', translator('en')).signals.rows;
    expect(rows.map((r) => r[1])).toEqual(['2', '7', '5', translator('en')('plans.report.fewerThan', { n: 5 })]);
    expect(rows[3][1]).toMatch(/fewer than 5/i);
  });
});
