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
  await app.register(fastifyStatic, {
    root: govukDist,
    prefix: '/assets/',
    allowedPath: (path) => /^\/(assets\/|govuk-frontend\.min\.(css|js)$)/.test(path),
    maxAge: '1d',
    decorateReply: false,
    index: false,
    wildcard: true,
  });
  await app.register(fastifyStatic, { root: publicDir, prefix: '/public/', maxAge: '1h', decorateReply: false, index: false });
});
