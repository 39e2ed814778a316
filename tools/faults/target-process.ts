/**
 * A target product started by its own command (WEB_SERVER_COMMAND of its .env) for one row of the
 * fault matrix: on a port of its own (PORT), with the row's fault (FAULTS), ready once its
 * address answers. Stopped with its whole process group, so a shell's children stop too.
 */
import { spawn } from 'node:child_process';
import type { AppProcess } from '../../targets/app/child-process.ts';
import { exitOf } from '../../targets/app/child-process.ts';

const STOP_TIMEOUT_MS = 10_000;
const POLL_MS = 100;

export async function startTargetProcess(command: string, env: Record<string, string>, readyUrl: string, readyTimeoutMs: number): Promise<AppProcess> {
  const child = spawn(command, { shell: true, detached: true, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = exitOf(child);
  const hasExited = (): boolean => child.exitCode !== null || child.signalCode !== null;
  const signal = (name: NodeJS.Signals): void => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, name);
    } catch {
      // The group is gone already.
    }
  };
  const stop = async (): Promise<void> => {
    if (hasExited()) return;
    signal('SIGTERM');
    const killer = setTimeout(() => {
      signal('SIGKILL');
    }, STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(killer);
  };
  const deadline = Date.now() + readyTimeoutMs;
  while (Date.now() < deadline) {
    if (hasExited()) throw new Error(`\`${command}\` exited before ${readyUrl} answered: ${stderr.trim().split('\n').slice(-3).join(' / ')}`);
    const ready = await fetch(readyUrl).then((response) => response.ok, () => false);
    if (ready) return { url: new URL(readyUrl).origin, stop };
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  await stop();
  throw new Error(`\`${command}\`: ${readyUrl} did not answer within ${String(readyTimeoutMs)} ms`);
}
