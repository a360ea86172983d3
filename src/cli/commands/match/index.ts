/**
 * `cohesion match esol LEARNERS.csv CLASSES.csv` and `cohesion match classes CLASSES.csv`: exact optimal
 * ESOL placement and school linking (src/stats/matching) from CSV files, as JSON (`--json`) or a short text
 * summary. Loads only the CSV reader and the matching library.
 */
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import {
  MatchingError,
  linkSchoolClasses,
  placeEsolLearners,
  type EsolPlacement,
  type Linking,
} from '../../../stats/matching/index.ts';
import { CliError, type CliCommand, type CliIo } from '../../types.ts';
import { esolReason, linkReason } from './reasons.ts';
import { readEsolClasses, readLearners, readLinkClasses } from './rows.ts';

async function write(stream: NodeJS.WritableStream, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

function parse(command: string, argv: string[], defaultKm: number, files: string[]) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: { 'max-km': { type: 'string' }, json: { type: 'boolean', default: false } },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    throw new CliError(`${command}: ${(err as Error).message.split('\n')[0]}`, 2);
  }
  const { positionals, values } = parsed;
  if (positionals.length < files.length) throw new CliError(`${command}: missing ${files[positionals.length]}`, 2);
  if (positionals.length > files.length)
    throw new CliError(`${command}: unexpected argument '${positionals[files.length]}'`, 2);
  const raw = values['max-km'];
  const maxKm = raw === undefined ? defaultKm : Number(raw);
  if (raw !== undefined && (raw.trim() === '' || !Number.isFinite(maxKm) || maxKm < 0))
    throw new CliError(`${command}: --max-km must be a distance in km ≥ 0 (got '${raw}')`, 2);
  return { paths: positionals, maxKm, json: values.json === true };
}

/** Any MatchingError (duplicate ids, weights too large) as one line. */
function solve<T>(f: () => T): T {
  try {
    return f();
  } catch (err) {
    if (err instanceof MatchingError) throw new CliError(err.message);
    throw err;
  }
}

const round3 = (v: number) => Math.round(v * 1000) / 1000;

/** The JSON contract of `match esol` (issue 14). */
export function esolJson(result: EsolPlacement) {
  const assignments = [];
  const reasons: Record<string, string> = {};
  for (const o of result.learners) {
    if (o.classId !== null && o.distanceKm !== null)
      assignments.push({ learner: o.learnerId, class: o.classId, distance_km: round3(o.distanceKm) });
    else reasons[o.learnerId] = esolReason(o.explanation);
  }
  return {
    placed: result.placed,
    unplaced: result.learners.length - result.placed,
    objective: result.objective,
    assignments,
    unplaced_reasons: reasons,
  };
}

/** The JSON contract of `match classes` (issue 14). */
export function linkingJson(result: Linking) {
  return {
    pairs: result.pairs.map((p) => [p.a, p.b]),
    objective: result.objective,
    unpaired: result.classes.filter((c) => c.partnerId === null).map((c) => c.classId),
  };
}

const ESOL_HELP = `Usage: cohesion match esol LEARNERS.csv CLASSES.csv [--max-km 5] [--json]

Places learners in ESOL classes, exactly optimally (min-cost flow). A learner may join a class only at their
level, in a slot they can attend, within --max-km (straight line). Among such placements, each learner in at
most one class and no class over capacity, it maximises the sum over placed learners of
  1 + waited_days / 365 − 0.01 × distance_km.

  LEARNERS.csv  id,level,slots,x,y,waited_days   (slots separated by ';', e.g. Mon-AM;Wed-PM)
  CLASSES.csv   id,level,slot,capacity,x,y
  x, y          British National Grid easting and northing, metres

Options:
  --max-km KM   furthest a learner may travel (default 5)
  --json        print {"placed","unplaced","objective","assignments":[{"learner","class","distance_km"}],
                "unplaced_reasons":{id: reason}}

A bad row stops the command with one line naming the file and line, and exit code 1.`;

const CLASSES_HELP = `Usage: cohesion match classes CLASSES.csv [--max-km 15] [--json]

Links school classes in pairs, exactly optimally (maximum-weight matching, blossom algorithm): classes of
different schools at most --max-km apart (straight line), each class at most once, maximising the sum over
pairs of |share_a − share_b| (the contrast between their pupil populations).

  CLASSES.csv   id,school,x,y,share   (share of one group among the class's pupils, 0 to 1;
                x, y British National Grid easting and northing, metres)

Options:
  --max-km KM   furthest apart two linked classes may be (default 15)
  --json        print {"pairs":[[a,b],…],"objective","unpaired":[ids]}

A bad row stops the command with one line naming the file and line, and exit code 1.`;

export const matchEsolCommand: CliCommand = {
  name: 'match esol',
  summary: 'Place ESOL learners in classes, exactly optimally (CSV in, JSON out)',
  help: ESOL_HELP,
  async run(argv: string[], io: CliIo): Promise<number> {
    const { paths, maxKm, json } = parse('match esol', argv, 5, ['LEARNERS.csv', 'CLASSES.csv']);
    const learners = await readLearners(paths[0]);
    const classes = await readEsolClasses(paths[1]);
    const out = esolJson(solve(() => placeEsolLearners(learners, classes, { maxKm })));
    if (json) await write(io.stdout, JSON.stringify(out) + '\n');
    else {
      const lines = [
        `placed ${out.placed} of ${learners.length} learners in ${classes.length} classes (max ${maxKm} km); objective ${out.objective.toFixed(4)}`,
        ...Object.entries(out.unplaced_reasons).map(([id, why]) => `  ${id}: ${why}`),
      ];
      await write(io.stdout, lines.join('\n') + '\n');
    }
    return 0;
  },
};

export const matchClassesCommand: CliCommand = {
  name: 'match classes',
  summary: 'Link school classes across schools for the most contrast (CSV in, JSON out)',
  help: CLASSES_HELP,
  async run(argv: string[], io: CliIo): Promise<number> {
    const { paths, maxKm, json } = parse('match classes', argv, 15, ['CLASSES.csv']);
    const classes = await readLinkClasses(paths[0]);
    const result = solve(() => linkSchoolClasses(classes, { maxKm }));
    const out = linkingJson(result);
    if (json) await write(io.stdout, JSON.stringify(out) + '\n');
    else {
      const lines = [
        `linked ${out.pairs.length} pairs of ${classes.length} classes (max ${maxKm} km); objective ${out.objective.toFixed(4)}`,
        ...result.classes
          .filter((c) => c.partnerId === null)
          .map((c) => `  ${c.classId}: ${linkReason(c.explanation)}`),
      ];
      await write(io.stdout, lines.join('\n') + '\n');
    }
    return 0;
  },
};
