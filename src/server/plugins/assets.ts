import fp from 'fastify-plugin';
import fastifyStatic from '@fastify/static';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';

const require = createRequire(import.meta.url);
const govukDist = join(dirname(require.resolve('govuk-frontend/package.json')), 'dist', 'govuk');
const publicDir = fileURLToPath(new URL('../../../public/', import.meta.url));

/** GOV.UK Frontend's compiled CSS, JS, fonts and images, and our own small stylesheet and script. */
export default fp(async function assets(app: FastifyInstance) {
  // Fonts, images and the manifest, where GOV.UK Frontend's CSS expects them (/assets/fonts/…).
  await app.register(fastifyStatic, { root: join(govukDist, 'assets'), prefix: '/assets/', maxAge: '1d', decorateReply: false, index: false });
  // The compiled stylesheet and script only.
  await app.register(fastifyStatic, {
    root: govukDist,
    prefix: '/govuk/',
    allowedPath: (path) => /^\/govuk-frontend\.min\.(css|js)$/.test(path),
    maxAge: '1d',
    decorateReply: false,
    index: false,
  });
  await app.register(fastifyStatic, { root: publicDir, prefix: '/public/', maxAge: '1h', decorateReply: false, index: false });
});
