// The watcher of lib/process/child-process.ts: stops the process groups its parent started once the
// parent is gone, however it went (a SIGKILL included, when nothing of the parent runs). The parent
// holds this process's stdin; the kernel closes that pipe when the parent dies. Lines on stdin:
// "+<pgid>" a group started, "-<pgid>" it ended. Plain JavaScript: it starts without tsx, fast.
import { clearInterval, setInterval } from 'node:timers';

const STOP_TIMEOUT_MS = 5_000;
const POLL_MS = 100;

const groups = new Set();
let pending = '';

/** Sends `signal` to every group still registered; a group that is gone is forgotten. */
function signalAll(signal) {
  for (const pgid of groups) {
    try {
      process.kill(-pgid, signal);
    } catch {
      groups.delete(pgid);
    }
  }
}

function stopAll() {
  signalAll('SIGTERM');
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  const poll = setInterval(() => {
    signalAll(0);
    if (groups.size > 0 && Date.now() < deadline) return;
    signalAll('SIGKILL');
    clearInterval(poll);
    process.exit(0);
  }, POLL_MS);
}

// Started in a group of its own, so a Ctrl-C meant for the parent does not stop the watcher first.
process.on('SIGINT', () => undefined);
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  pending += chunk;
  const lines = pending.split('\n');
  pending = lines.pop() ?? '';
  for (const line of lines) {
    const pgid = Number(line.slice(1));
    if (!Number.isInteger(pgid) || pgid <= 1) continue;
    if (line.startsWith('+')) groups.add(pgid);
    else if (line.startsWith('-')) groups.delete(pgid);
  }
});
process.stdin.on('end', stopAll);
process.stdin.on('error', stopAll);
