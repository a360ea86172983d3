export * from './common.ts';
export * from './choropleth.ts';
export * from './line.ts';
export * from './bar.ts';
