/** The app's options, their defaults, and reading them from the environment (for main.ts). */
import { isAbsolute, resolve } from 'node:path';
import { parseFaults } from './faults.ts';

export interface AppOptions {
  /** 0 = a free port. */
  port: number;
  host: string;
  /** Where the SQLite database lives. Default: a fresh temporary directory, removed on close. */
  dataDir: string | undefined;
  /** Delay between two agent events (AGENT_STEP_MS). */
  stepMs: number;
  /** Fault names (FAULTS), e.g. ["drop:tool_completed", "leak"]. */
  faults: string[];
  /** How the page gets its agent events (TRANSPORT): a WebSocket at /ws, or SSE answers to POST /api/sse. */
  transport: 'ws' | 'sse';
  sessionTtlMs: number;
  /** Enables the `bench_burst` socket message. */
  benchMode: boolean;
  /** Stops the app when the process that started it is gone (STOP_WITH_PARENT), e.g. a killed test run. */
  stopWithParent: boolean;
}

export const DEFAULT_OPTIONS: AppOptions = {
  port: 0,
  host: '127.0.0.1',
  dataDir: undefined,
  stepMs: 60,
  faults: [],
  transport: 'ws',
  sessionTtlMs: 60 * 60 * 1000,
  benchMode: false,
  stopWithParent: false,
};

export class OptionsError extends Error {
  override name = 'OptionsError';
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new OptionsError(`Invalid ${name}="${raw}": expected an integer from ${min} to ${max}.`);
  }
  return value;
}

function flag(env: NodeJS.ProcessEnv, name: string): boolean {
  const raw = (env[name] ?? '').trim().toLowerCase();
  if (!['', '0', '1', 'true', 'false'].includes(raw)) throw new OptionsError(`Invalid ${name}="${env[name] ?? ''}": expected 1 (on) or 0 (off).`);
  return raw === '1' || raw === 'true';
}

/** Reads PORT, HOST, DATA_DIR, AGENT_STEP_MS, FAULTS, TRANSPORT, SESSION_TTL_MS, BENCH_MODE, STOP_WITH_PARENT; throws OptionsError naming the bad one. */
export function optionsFromEnv(env: NodeJS.ProcessEnv): AppOptions {
  const host = (env.HOST ?? '').trim() || DEFAULT_OPTIONS.host;
  if (!/^[A-Za-z0-9.:[\]-]+$/.test(host)) {
    throw new OptionsError(`Invalid HOST="${host}": expected a host name or an IP address, e.g. 127.0.0.1 or 0.0.0.0.`);
  }
  const dataDir = (env.DATA_DIR ?? '').trim();
  const faults = (env.FAULTS ?? '').split(',').map((f) => f.trim()).filter((f) => f !== '');
  try {
    parseFaults(faults);
  } catch (error) {
    throw new OptionsError(`Invalid FAULTS: ${error instanceof Error ? error.message : String(error)}`);
  }
  const transport = (env.TRANSPORT ?? '').trim() || DEFAULT_OPTIONS.transport;
  if (transport !== 'ws' && transport !== 'sse') throw new OptionsError(`Invalid TRANSPORT="${transport}": expected ws (a WebSocket) or sse (Server-Sent Events).`);
  return {
    port: integer(env, 'PORT', 3000, 0, 65535),
    host,
    dataDir: dataDir === '' ? undefined : isAbsolute(dataDir) ? dataDir : resolve(dataDir),
    stepMs: integer(env, 'AGENT_STEP_MS', DEFAULT_OPTIONS.stepMs, 0, 60_000),
    faults,
    transport,
    sessionTtlMs: integer(env, 'SESSION_TTL_MS', DEFAULT_OPTIONS.sessionTtlMs, 1000, 365 * 24 * 3600 * 1000),
    benchMode: flag(env, 'BENCH_MODE'),
    stopWithParent: flag(env, 'STOP_WITH_PARENT'),
  };
}
