import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { neutraliseBidiIn } from '../../lib/text.ts';

/**
 * The one place bidirectional override and isolate characters are neutralised (src/lib/text.ts): they are
 * removed from every string of every request body (form, JSON or a multipart form's fields) before CSRF, the
 * route's schemas and its handler see it. So the public report endpoint, the public journey, assisted reports
 * and every staff form store text that reads in the order it was typed, and staff pages cannot be shown a
 * disguised reversal. Runs after the multipart plugin's own preValidation hook has put the fields on the body.
 */
export default fp(async function textHygiene(app: FastifyInstance) {
  app.addHook('preValidation', async (req) => {
    if (req.body !== undefined && req.body !== null) req.body = neutraliseBidiIn(req.body);
  });
});
