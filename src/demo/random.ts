/**
 * Kept only for the demo hooks of src/modules/insight, survey and tensions, which import it; the generator
 * is src/stats/random.ts (`createDraws`). Remove this file once they import that directly.
 */
export { createDraws as createRng, type RandomDraws as Rng } from '../stats/random.ts';
