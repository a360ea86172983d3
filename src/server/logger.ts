import type { FastifyServerOptions } from 'fastify';
import type { Config } from '../config.ts';

/**
 * Structured JSON logs with no personal data: no IP addresses, no query strings (which can carry
 * emails or postcodes), no bodies, no cookies. Requests are logged by route pattern.
 */
export function loggerOptions(config: Pick<Config, 'logLevel'>): FastifyServerOptions['logger'] {
  return {
    level: config.logLevel,
    redact: { paths: ['req.headers', 'headers', '*.password', '*.email', 'body'], remove: true },
    serializers: {
      req(req: { method: string; url: string; routeOptions?: { url?: string } }) {
        return { method: req.method, route: req.routeOptions?.url ?? req.url.split('?')[0] };
      },
      res(res: { statusCode: number }) {
        return { statusCode: res.statusCode };
      },
    },
  };
}
