/**
 * A parent for tests/process/child-process.spec.ts: starts, through the helper, a shell whose
 * own child sleeps (two processes in one group), says their pids once both run, then waits to be
 * interrupted or killed. `--exit` exits at once instead, without stopping its child.
 */
import { startChild } from '../../lib/process/child-process.ts';

const child = startChild({ name: 'a sleeping shell', command: 'sleep 300 & echo "grandchild $!"; wait', shell: true });
const [, grandchild] = await child.waitForOutput(/^grandchild (\d+)$/m, 10_000);
console.log(JSON.stringify({ child: child.pid, grandchild: Number(grandchild) }));
if (process.argv.includes('--exit')) process.exit(3);
// Waits for a signal; the interval only keeps the event loop alive.
setInterval(() => undefined, 60_000);
