/**
 * Connect's section of the quarterly cabinet report: for each ESOL programme, its waiting list now (still waiting,
 * placed by the last run but not yet offered, offered and awaiting an answer, accepted) with the median days
 * those still waiting have waited, and what happened in the period (offers sent, accepted, declined) with the
 * median days from joining the list to accepting. Counts from 1 to 4 are shown as "fewer than 5", and a median
 * of fewer than 5 people is not shown (src/stats/suppression.ts), because a waiting list is of named people.
 */
import { actorCan } from '../../kernel/access.ts';
import type { Db } from '../../db/index.ts';
import { isLanguage, translate } from '../../i18n/index.ts';
import type { ReportContributor } from '../../kernel/reports.ts';
import { median } from '../../stats/median.ts';
import { DEFAULT_COUNT_THRESHOLD, suppressCount } from '../../stats/suppression.ts';
import { daysBetween } from './model.ts';
import * as repo from './repository.ts';

const day = (d: Date) => d.toISOString().slice(0, 10);

/** A median of fewer people than the count threshold is not shown. */
const suppressedMedian = (values: number[]) => (values.length < DEFAULT_COUNT_THRESHOLD ? null : median(values));

export function connectReport(deps: { db: Db; clock: () => Date }): ReportContributor {
  return async (actor, period, lang) => {
    if (!actorCan(actor, 'connect.view')) return null;
    const language = isLanguage(lang) ? lang : 'en';
    const t = (key: string, params?: Record<string, string | number>) =>
      translate(language, `connect.report.${key}`, params);
    const programmes = (await repo.listProgrammes(deps.db, actor.council.id)).filter((p) => p.kind === 'esol');
    if (!programmes.length) return null;
    const people = await repo.peopleForReport(deps.db, actor.council.id);
    const today = day(deps.clock());
    const inPeriod = (d: Date | null) => d !== null && d >= period.from && d < period.to;
    const count = (n: number) =>
      suppressCount(n).suppressed ? t('fewerThan', { n: DEFAULT_COUNT_THRESHOLD }) : String(n);
    const days = (m: number | null) => (m === null ? t('notShown') : String(Math.round(m)));
    const now: string[][] = [];
    const flows: string[][] = [];
    let listed = 0;
    for (const p of programmes) {
      const mine = people.filter((x) => x.programme_id === p.id);
      const by = (status: string) => mine.filter((x) => x.status === status);
      const stillWaiting = [...by('waiting'), ...by('placed')];
      listed += stillWaiting.length;
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
    return {
      key: 'connect.waitinglists',
      title: t('title'),
      paragraphs: [
        t('summary', { programmes: programmes.length, waiting: count(listed), period: period.label }),
        t('note', { n: DEFAULT_COUNT_THRESHOLD }),
      ],
      tables: [
        {
          caption: t('nowCaption'),
          head: [t('programme'), t('waiting'), t('placed'), t('offered'), t('accepted'), t('medianWaited')],
          rows: now,
          numeric: [false, true, true, true, true, true],
        },
        {
          caption: t('periodCaption', { period: period.label }),
          head: [t('programme'), t('offersSent'), t('accepted'), t('declined'), t('medianToAccept')],
          rows: flows,
          numeric: [false, true, true, true, true],
        },
      ],
    };
  };
}
