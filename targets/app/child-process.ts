/**
 * The app as a child process, as `npm run app` runs it (`node --import tsx targets/app/main.ts`), for the
 * commands that run the reference app themselves: the fault matrix and the load check. Resolves
 * once the app prints its ready line; stop() is SIGTERM (its graceful shutdown), then SIGKILL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const STOP_TIMEOUT_MS = 10_000;

export interface AppProcess {
  url: string;
  stop(): Promise<void>;
}

export class AppStartError extends Error {
  override name = 'AppStartError';
}

/** Resolves with the exit code once the child has exited (at once if it has). */
export function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else
      child.once('exit', (code) => {
        resolve(code);
      });
  });
}

/** Starts the app on a free loopback port with `env` on top of this process's environment. */
export async function startAppProcess(env: Record<string, string>, readyTimeoutMs: number): Promise<AppProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'targets/app/main.ts'], {
    cwd: REPO,
    // It stops by itself if this process dies without stopping it (a killed run leaves no app).
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', STOP_WITH_PARENT: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = exitOf(child);
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(killer);
  };
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let timer: NodeJS.Timeout | undefined;
  try {
    return await new Promise<AppProcess>((resolve, reject) => {
      timer = setTimeout(() => {
        reject(new AppStartError(`the app printed no ready line within ${String(readyTimeoutMs)} ms`));
      }, readyTimeoutMs);
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const ready = /^chat app listening on (\S+)$/m.exec(stdout);
        if (ready?.[1]) resolve({ url: ready[1], stop });
      });
      void exited.then((code) => {
        reject(new AppStartError(`the app exited (${String(code)}) before it was listening: ${stderr.trim()}`));
      });
    });
  } catch (error) {
    await stop();
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
