/**
 * `npm run faults`: the fault-detection matrix (tools/faults/run.ts; docs/fault-matrix.md). Exit 0
 * only if every fault is caught and the clean run is green; 1 when a row does not hold; 2 no verdict.
 *
 *   npm run faults                          everything
 *   npm run faults -- --only leak,xss       those faults and the clean run (a partial matrix)
 *   npm run faults -- --jobs 1 --keep       one child at a time; keep the children's output
 *   npm run faults -- --transport sse       the app streams its runs over SSE (TRANSPORT=sse)
 *   npm run faults -- --browsers chromium   those browsers only (the rest are listed as left out)
 *   npm run faults -- --target ai-sdk-chat  an example product (or a folder with a .env): its own
 *                                           faults (`<WEB_SERVER_COMMAND> --list-faults`), each row
 *                                           started by its WEB_SERVER_COMMAND with PORT and FAULTS
 */
import { parseArgs } from 'node:util';
import { runFaultMatrix } from '../faults/run.ts';
import type { FaultsArguments } from '../faults/setup.ts';
import { failing, runCommand, type Fail } from './fail.ts';

const fail: Fail = failing('faults');

const list = (value: string | undefined): string[] | undefined => value?.split(',').map((name) => name.trim()).filter(Boolean);

export function parseArguments(argv: string[]): FaultsArguments {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { only: { type: 'string' }, jobs: { type: 'string' }, keep: { type: 'boolean', default: false }, transport: { type: 'string', default: 'ws' }, target: { type: 'string' }, browsers: { type: 'string' } },
    }));
  } catch (error) {
    fail(`${(error as Error).message}. Options: --only <faults> --jobs <n> --keep --transport ws|sse --target <name or folder> --browsers <names>`);
  }
  const { transport, jobs } = values;
  if (transport !== 'ws' && transport !== 'sse') fail(`--transport must be ws or sse, got "${transport}"`);
  if (jobs !== undefined && !(Number.isInteger(Number(jobs)) && Number(jobs) >= 1)) fail(`--jobs needs a whole number of children at once, got "${jobs}"`);
  return { only: list(values.only), jobs: jobs === undefined ? undefined : Number(jobs), keep: values.keep, transport, target: values.target, browsers: list(values.browsers) };
}

await runCommand(import.meta.url, 'faults', (argv) => runFaultMatrix(parseArguments(argv), fail));
