/** Test data: a fictional programme's participants and a comparison group, as a participant CSV. */
import { createDraws } from '../../stats/random.ts';

/**
 * `participants` people who took part and `comparison` who did not; older people and those who already felt
 * they belonged were likelier to take part (so matching matters). Taking part raises the chance of feeling
 * one belongs by about `effect` (on the logit scale). Columns: id, group, ward, pre, post, age.
 */
export function participantCsv(
  seed: number,
  participants: number,
  comparison: number,
  effect = 0.9,
  wards: string[] = [],
) {
  const rng = createDraws(seed);
  const lines = ['id,group,ward,pre,post,age'];
  const logistic = (x: number) => 1 / (1 + Math.exp(-x));
  let made = 0;
  let p = 0;
  let c = 0;
  while (p < participants || c < comparison) {
    const age = Math.round(18 + rng.next() * 62);
    const latent = rng.normal() * 0.8 + (age - 45) * 0.02;
    const takesPart = rng.next() < logistic(-0.6 + 0.03 * (age - 45) + 0.8 * latent);
    if (takesPart ? p >= participants : c >= comparison) continue;
    if (takesPart) p++;
    else c++;
    made++;
    const pre = rng.next() < logistic(latent) ? 1 : 0;
    const post = rng.next() < logistic(latent + 0.2 + (takesPart ? effect : 0)) ? 1 : 0;
    const ward = wards.length ? wards[made % wards.length] : '';
    lines.push(
      `P${String(made).padStart(4, '0')},${takesPart ? 'participant' : 'comparison'},${ward},${pre},${post},${age}`,
    );
  }
  return lines.join('\n') + '\n';
}
