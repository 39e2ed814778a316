/** `npm run faults`: the fault-detection matrix (faults/run.ts; docs/fault-matrix.md). */
import { runFaultMatrix } from '../faults/run.ts';

process.exit(await runFaultMatrix(process.argv.slice(2)));
