import fp from 'fastify-plugin';
import fastifyStatic from '@fastify/static';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { projectRoot } from '../../lib/paths.ts';

const require = createRequire(import.meta.url);
const govukDist = join(dirname(require.resolve('govuk-frontend/package.json')), 'dist', 'govuk');
const publicDir = join(projectRoot(), 'public');
const buildDir = join(projectRoot(), 'build');

/** GOV.UK Frontend's compiled CSS, JS, fonts and images, and our own small stylesheet and script. */
export default fp(async function assets(app: FastifyInstance) {
  // Fonts, images and the manifest, where GOV.UK Frontend's CSS expects them (/assets/fonts/…).
  await app.register(fastifyStatic, {
    root: join(govukDist, 'assets'),
    prefix: '/assets/',
    maxAge: '1d',
    decorateReply: false,
    index: false,
  });
  // GOV.UK Frontend compiled with Arial (scripts/build-css.mjs, run on install); the stock build if it is missing.
  const ownCss = join(buildDir, 'govuk.css');
  const cssFile = existsSync(ownCss) ? ownCss : join(govukDist, 'govuk-frontend.min.css');
  if (cssFile !== ownCss)
    app.log.warn('build/govuk.css is missing: run `npm run prepare`; serving the stock GOV.UK stylesheet');
  app.get('/govuk/govuk.css', { config: { access: { kind: 'public' } } }, async (_req, reply) =>
    reply
      .type('text/css; charset=utf-8')
      .header('cache-control', 'public, max-age=86400')
      .send(await readFile(cssFile)),
  );
  // The compiled script only.
  await app.register(fastifyStatic, {
    root: govukDist,
    prefix: '/govuk/',
    allowedPath: (path) => /^\/govuk-frontend\.min\.js$/.test(path),
    maxAge: '1d',
    decorateReply: false,
    index: false,
  });
  await app.register(fastifyStatic, {
    root: publicDir,
    prefix: '/public/',
    maxAge: '1h',
    decorateReply: false,
    index: false,
  });
});
