/** CSV and JSON downloads of the insight pages (`?format=csv|json`). */
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { toCsv } from '../../../lib/csv-write.ts';
import { optionalEnum } from '../../../server/schemas.ts';

export const DOWNLOAD_FORMATS = ['csv', 'json'] as const;
export type DownloadFormat = (typeof DOWNLOAD_FORMATS)[number];

/** `format` of a page's query string: csv or json for a download; anything else is the HTML page. */
export const formatQuery = { format: optionalEnum(DOWNLOAD_FORMATS) };
export const downloadQuery = z.object(formatQuery);

/**
 * CSV of the rows, or JSON of `extra` with the rows as `data`, as an attachment named `name`. `columns` (default:
 * the first row's keys) fixes the CSV's header, so that rows of different kinds share it and an empty table
 * still names its columns.
 */
export function sendDownload(
  reply: FastifyReply,
  format: DownloadFormat,
  name: string,
  rows: Record<string, unknown>[],
  extra: Record<string, unknown> = {},
  columns?: readonly string[],
) {
  if (format === 'json') {
    return reply
      .header('content-disposition', `attachment; filename="${name}.json"`)
      .type('application/json')
      .send({ ...extra, data: rows });
  }
  return reply
    .header('content-disposition', `attachment; filename="${name}.csv"`)
    .type('text/csv; charset=utf-8')
    .send(toCsv(rows, columns));
}
