/**
 * The words charts write (summaries, legends, table headings, month names). src/charts is pure, so it does not read
 * the message catalogues: callers pass their page's translate function as `text`, and charts ask it for the keys
 * below (`charts.*` in src/i18n/locales/<lang>.json). Without one, charts write English from CHART_TEXT_EN, which a
 * test keeps equal to the English catalogue.
 */
export type ChartText = (key: string, params?: Record<string, string | number>) => string;

export const CHART_TEXT_EN: Readonly<Record<string, string>> = {
  'charts.noDataToShow': 'No data to show',
  'charts.noAreasToShow': 'No areas to show',
  'charts.noData': 'No data',
  'charts.noDataLower': 'no data',
  'charts.notAvailable': 'Not available',
  'charts.value': 'Value',
  'charts.group': 'Group',
  'charts.area': 'Area',
  'charts.code': 'Code',
  'charts.mapClass': 'Map class',
  'charts.period': 'Period',
  'charts.confidenceInterval': 'Confidence interval',
  'charts.seriesInterval': '{series}: confidence interval',
  'charts.range': '{lower} to {upper}',
  'charts.reference': '{label} (reference)',
  'charts.and': '{first} and {last}',
  'charts.others': '{names} and {count} others',
  'charts.oneOther': '{names} and 1 other',
  'charts.highestLowest': 'Highest: {highest} ({max}). Lowest: {lowest} ({min}).',
  'charts.bar.one': '{label}: {value}.',
  'charts.bar.same': 'All {count} have the same value ({value}).',
  'charts.bar.none': 'There is no data to show.',
  'charts.bar.noneForGroups': 'No data for any of the groups.',
  'charts.bar.aboveOne': '{above} of {count} is above {reference} ({value})',
  'charts.bar.aboveMany': '{above} of {count} are above {reference} ({value})',
  'charts.bar.clearly': ', {clearly} of them with the whole confidence interval above it',
  'charts.legend.all': 'All values',
  'charts.legend.under': 'Under {value}',
  'charts.legend.andOver': '{value} and over',
  'charts.legend.toUnder': '{lower} to under {upper}',
  'charts.legend.highlighted': 'Highlighted: {names}',
  'charts.map.none': 'There are no areas to show.',
  'charts.map.noneWithData': 'No data for any of the {count} areas.',
  'charts.map.onlyOne': 'Only {name} has data ({value}).',
  'charts.map.same': 'All {count} areas with data have the same value ({value}).',
  'charts.map.missingOne': 'No data for 1 area.',
  'charts.map.missingMany': 'No data for {count} areas.',
  'charts.line.none': 'There is no data to show.',
  'charts.line.noData': '{series} has no data',
  'charts.line.once': '{series} was {value} {at}',
  'charts.line.unchanged': '{series} was unchanged at {value} between {from} and {to}',
  'charts.line.rose': '{series} rose from {first} {firstAt} to {last} {lastAt}',
  'charts.line.fell': '{series} fell from {first} {firstAt} to {last} {lastAt}',
  'charts.line.in': 'in {when}',
  'charts.line.on': 'on {when}',
  'charts.line.more': '{count} more series are shown in the table.',
  'charts.months': 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec',
};

/** English chart text, for callers that pass no translate function. */
export const englishChartText: ChartText = (key, params) => {
  const text = CHART_TEXT_EN[key] ?? key;
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
};

/** Join names for summaries: "A", "A and B", "A, B and 3 others" (in the words of `text`). */
export function joinNamesIn(text: ChartText, names: readonly string[], max = 2): string {
  if (names.length === 0) return '';
  if (names.length === 1) return names[0];
  if (names.length <= max)
    return text('charts.and', { first: names.slice(0, -1).join(', '), last: names[names.length - 1] });
  const rest = names.length - max;
  const shown = names.slice(0, max).join(', ');
  return rest === 1 ? text('charts.oneOther', { names: shown }) : text('charts.others', { names: shown, count: rest });
}

/** Short month names, January first. */
export function monthNames(text: ChartText): string[] {
  const names = text('charts.months').split(/\s+/);
  return names.length === 12 ? names : CHART_TEXT_EN['charts.months'].split(' ');
}
