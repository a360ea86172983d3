/**
 * Connect's sections of the quarterly cabinet report, one per kind of programme that existed by the quarter's end:
 *
 * - ESOL waiting lists: for each programme, its list on the day the report is made (still waiting, placed by the
 *   last run but not yet offered, offered and awaiting an answer, accepted) with the median days those still
 *   waiting have waited, and what happened in the quarter (offers sent, accepted, declined) with the median days
 *   from joining the list to accepting;
 * - school linking: classes, classes linked, schools involved and the mean contrast of linked pairs;
 * - intergenerational friendships: pairs made and volunteers still waiting for a partner.
 *
 * Linking and friendships stand as each programme's last run by the quarter's end left them (report-figures.ts).
 * Counts of people from 1 to 4 are shown as "fewer than 5", a median of fewer than 5 people is not shown
 * (src/stats/suppression.ts), and a total that would give a suppressed count away is not shown either, because
 * waiting lists and volunteers are named people. Classes and schools are not people and are not suppressed.
 */
import { actorCan } from '../../kernel/access.ts';
import type { Db } from '../../db/index.ts';
import { isLanguage, translate } from '../../i18n/index.ts';
import type { ReportContributor, ReportPeriod, ReportSection } from '../../kernel/reports.ts';
import { median } from '../../stats/median.ts';
import { DEFAULT_COUNT_THRESHOLD, suppressCount } from '../../stats/suppression.ts';
import { daysBetween, type ProgrammeRow } from './model.ts';
import { friendshipFigures, linkingFigures, programmesOf, safeTotal, type RunState } from './report-figures.ts';
import * as repo from './repository.ts';

const day = (d: Date) => d.toISOString().slice(0, 10);

/** A median of fewer people than the count threshold is not shown. */
const suppressedMedian = (values: number[]) => (values.length < DEFAULT_COUNT_THRESHOLD ? null : median(values));

type T = (key: string, params?: Record<string, string | number>) => string;

/** How the sections write counts of people, medians and runs. */
function formats(t: T) {
  const count = (n: number | null) =>
    n === null
      ? '–'
      : suppressCount(n).suppressed
        ? t('connect.report.fewerThan', { n: DEFAULT_COUNT_THRESHOLD })
        : String(n);
  const days = (m: number | null) => (m === null ? t('connect.report.notShown') : String(Math.round(m)));
  const run = (state: RunState, at: Date | null) =>
    state === 'never' || !at
      ? t('connect.report.notRun')
      : state === 'after'
        ? t('connect.report.runAfter', { date: day(at) })
        : day(at);
  return { count, days, run };
}

function esolSection(
  t: T,
  programmes: readonly ProgrammeRow[],
  people: Awaited<ReturnType<typeof repo.peopleForReport>>,
  period: ReportPeriod,
  today: string,
): ReportSection {
  const { count, days } = formats(t);
  const inPeriod = (d: Date | null) => d !== null && d >= period.from && d < period.to;
  const now: string[][] = [];
  const flows: string[][] = [];
  const stillWaitingCounts: number[] = [];
  for (const p of programmes) {
    const mine = people.filter((x) => x.programme_id === p.id);
    const by = (status: string) => mine.filter((x) => x.status === status);
    const stillWaiting = [...by('waiting'), ...by('placed')];
    stillWaitingCounts.push(by('waiting').length, by('placed').length);
    now.push([
      p.name,
      count(by('waiting').length),
      count(by('placed').length),
      count(by('offered').length),
      count(by('accepted').length),
      days(suppressedMedian(stillWaiting.map((x) => daysBetween(x.joined_on, today)))),
    ]);
    const accepted = mine.filter((x) => x.status === 'accepted' && inPeriod(x.responded_at));
    flows.push([
      p.name,
      count(mine.filter((x) => inPeriod(x.offered_at)).length),
      count(accepted.length),
      count(mine.filter((x) => x.status === 'declined' && inPeriod(x.responded_at)).length),
      days(suppressedMedian(accepted.map((x) => daysBetween(x.joined_on, day(x.responded_at ?? period.to))))),
    ]);
  }
  const waiting = safeTotal(stillWaitingCounts);
  return {
    key: 'connect.waitinglists',
    title: t('connect.report.title'),
    paragraphs: [
      t('connect.report.summary', {
        programmes: programmes.length,
        waiting: waiting === null ? t('connect.report.notShown') : count(waiting),
        date: today,
        period: period.label,
      }),
      t('connect.report.note', { n: DEFAULT_COUNT_THRESHOLD }),
    ],
    tables: [
      {
        caption: t('connect.report.nowCaption', { date: today }),
        head: [
          t('connect.report.programme'),
          t('connect.report.waiting'),
          t('connect.report.placed'),
          t('connect.report.offered'),
          t('connect.report.accepted'),
          t('connect.report.medianWaited'),
        ],
        rows: now,
        numeric: [false, true, true, true, true, true],
        stored: [true, false, false, false, false, false],
      },
      {
        caption: t('connect.report.periodCaption', { period: period.label }),
        head: [
          t('connect.report.programme'),
          t('connect.report.offersSent'),
          t('connect.report.accepted'),
          t('connect.report.declined'),
          t('connect.report.medianToAccept'),
        ],
        rows: flows,
        numeric: [false, true, true, true, true],
        stored: [true, false, false, false, false],
      },
    ],
  };
}

function linkingSection(
  t: T,
  figures: ReturnType<typeof linkingFigures>,
  period: ReportPeriod,
  language: string,
): ReportSection {
  const { run } = formats(t);
  const points = (m: number | null) =>
    m === null ? '–' : (m * 100).toLocaleString(language === 'cy' ? 'cy-GB' : 'en-GB', { maximumFractionDigits: 1 });
  const shown = figures.filter((f) => f.state !== 'after');
  const linked = shown.reduce((n, f) => n + (f.linked ?? 0), 0);
  const pairs = linked / 2;
  const contrast = pairs ? shown.reduce((s, f) => s + (f.meanContrast ?? 0) * ((f.linked ?? 0) / 2), 0) / pairs : null;
  return {
    key: 'connect.linking',
    title: t('connect.report.linking.title'),
    paragraphs: [
      t('connect.report.linking.summary', {
        programmes: figures.length,
        linked,
        contrast: points(contrast),
        period: period.label,
      }),
      t('connect.report.linking.note'),
      ...(figures.length > shown.length ? [t('connect.report.runAfterNote', { period: period.label })] : []),
    ],
    tables: [
      {
        caption: t('connect.report.linking.caption', { period: period.label }),
        head: [
          t('connect.report.programme'),
          t('connect.report.linking.classes'),
          t('connect.report.linking.linked'),
          t('connect.report.linking.schools'),
          t('connect.report.linking.contrast'),
          t('connect.report.lastRun'),
        ],
        rows: figures.map((f) => [
          f.programme,
          String(f.classes),
          f.linked === null ? '–' : String(f.linked),
          f.schools === null ? '–' : String(f.schools),
          points(f.meanContrast),
          run(f.state, f.lastRun),
        ]),
        numeric: [false, true, true, true, true, false],
        stored: [true, false, false, false, false, false],
      },
    ],
  };
}

function friendshipSection(t: T, figures: ReturnType<typeof friendshipFigures>, period: ReportPeriod): ReportSection {
  const { count, run } = formats(t);
  const shown = figures.filter((f) => f.state !== 'after');
  const total = (values: number[]) => {
    const n = safeTotal(values);
    return n === null ? t('connect.report.notShown') : count(n);
  };
  return {
    key: 'connect.friendships',
    title: t('connect.report.friendships.title'),
    paragraphs: [
      t('connect.report.friendships.summary', {
        programmes: figures.length,
        pairs: total(shown.map((f) => f.pairs ?? 0)),
        waiting: total(shown.map((f) => f.waiting ?? 0)),
        period: period.label,
      }),
      t('connect.report.friendships.note', { n: DEFAULT_COUNT_THRESHOLD }),
      ...(figures.length > shown.length ? [t('connect.report.runAfterNote', { period: period.label })] : []),
    ],
    tables: [
      {
        caption: t('connect.report.friendships.caption', { period: period.label }),
        head: [
          t('connect.report.programme'),
          t('connect.report.friendships.pairs'),
          t('connect.report.friendships.waiting'),
          t('connect.report.lastRun'),
        ],
        rows: figures.map((f) => [f.programme, count(f.pairs), count(f.waiting), run(f.state, f.lastRun)]),
        numeric: [false, true, true, false],
        stored: [true, false, false, false],
      },
    ],
  };
}

export function connectReport(deps: { db: Db; clock: () => Date }): ReportContributor {
  return async (actor, period, lang) => {
    if (!actorCan(actor, 'connect.view')) return null;
    const language = isLanguage(lang) ? lang : 'en';
    const t: T = (key, params) => translate(language, key, params);
    const councilId = actor.council.id;
    const programmes = await repo.listProgrammes(deps.db, councilId);
    const sections: ReportSection[] = [];
    const esol = programmesOf(programmes, 'esol', period);
    if (esol.length)
      sections.push(esolSection(t, esol, await repo.peopleForReport(deps.db, councilId), period, day(deps.clock())));
    const linking = linkingFigures(programmes, await repo.linkClassesForReport(deps.db, councilId), period);
    if (linking.length) sections.push(linkingSection(t, linking, period, language));
    const friendships = friendshipFigures(programmes, await repo.volunteersForReport(deps.db, councilId), period);
    if (friendships.length) sections.push(friendshipSection(t, friendships, period));
    return sections;
  };
}
