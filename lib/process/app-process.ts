/**
 * A system under test as a child process (child-process.ts), for the commands that start one
 * themselves: the reference app as `npm run app` runs it (the fault matrix, the load, tests
 * of the app's command line), and a target by its own start command (WEB_SERVER_COMMAND: the
 * fault matrix's `--target` rows, tests of a target). Started by path, never imported: the suite
 * imports nothing of targets/.
 */
import { startChild, type ChildSpec, type RunningChild } from './child-process.ts';

export interface AppProcess {
  url: string;
  stop(): Promise<void>;
}

/** Its one ready line, whole (a chunk may end mid-address). */
const REFERENCE_APP_READY = /^chat app listening on (\S+)\r?\n/m;

/** `node --import tsx targets/app/main.ts`, unstarted: for a test of the app's own command line. */
export const referenceAppSpec = (env: Record<string, string>, cleanEnv = false): ChildSpec => ({
  name: 'the reference app',
  command: process.execPath,
  args: ['--import', 'tsx', 'targets/app/main.ts'],
  env,
  cleanEnv,
});

async function readyOrStopped<T>(child: RunningChild, ready: Promise<T>): Promise<T> {
  try {
    return await ready;
  } catch (error) {
    await child.stop();
    throw error;
  }
}

const stopper = (child: RunningChild) => async (): Promise<void> => {
  await child.stop();
};

/**
 * The reference app on a free loopback port with `env` on top of this process's environment;
 * resolves once it prints its ready line. It also stops by itself if this process dies without
 * stopping it (STOP_WITH_PARENT).
 */
export async function startReferenceApp(env: Record<string, string>, readyTimeoutMs: number): Promise<AppProcess> {
  const child = startChild(referenceAppSpec({ PORT: '0', HOST: '127.0.0.1', STOP_WITH_PARENT: '1', ...env }));
  const [, url = ''] = await readyOrStopped(child, child.waitForOutput(REFERENCE_APP_READY, readyTimeoutMs));
  return { url, stop: stopper(child) };
}

/**
 * A target started by its own command (a shell line, e.g. WEB_SERVER_COMMAND) with `env` on top of
 * this process's environment; resolves once `readyUrl` answers. Its url is that address's origin.
 */
export async function startTargetCommand(command: string, env: Record<string, string>, readyUrl: string, readyTimeoutMs: number): Promise<AppProcess> {
  const child = startChild({ name: 'the target', command, shell: true, env });
  await readyOrStopped(child, child.waitForUrl(readyUrl, readyTimeoutMs));
  return { url: new URL(readyUrl).origin, stop: stopper(child) };
}
