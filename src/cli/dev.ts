/** Development entry: `npm run dev -- <command>` runs the TypeScript sources through tsx, without a build. */
import { main } from './main.ts';

process.exitCode = await main(process.argv.slice(2));
