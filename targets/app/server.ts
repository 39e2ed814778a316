/**
 * The reference chat app: HTTP (JSON API + the web UI) and a WebSocket at /ws on one port.
 *
 *   const app = await startApp({ port: 0, stepMs: 0 });   // app.url, app.close()
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { AgentRunner } from './agent/runner.ts';
import { authenticate, handle, type ApiContext } from './api.ts';
import { uiAssets } from './assets.ts';
import { Store } from './db.ts';
import { parseFaults } from './faults.ts';
import { CLOSE_UNAUTHORIZED, Hub } from './hub.ts';
import { DEFAULT_OPTIONS, type AppOptions } from './options.ts';

export type { AppOptions } from './options.ts';

export interface RunningApp {
  url: string;
  port: number;
  dataDir: string;
  close(): Promise<void>;
}

export const WS_MAX_PAYLOAD = 64 * 1024;

function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

function hostForUrl(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/** No Origin (not a browser) is fine; a browser's Origin must be this server. */
function sameOrigin(origin: string | undefined, host: string | undefined): boolean {
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

export async function startApp(options: Partial<AppOptions> = {}): Promise<RunningApp> {
  const opts: AppOptions = { ...DEFAULT_OPTIONS };
  for (const key of Object.keys(options) as (keyof AppOptions)[]) {
    if (options[key] !== undefined) Object.assign(opts, { [key]: options[key] });
  }
  const faults = parseFaults(opts.faults); // throws on an unknown fault: startup fails
  const assets = await uiAssets();

  const ownDataDir = opts.dataDir === undefined;
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'chat-app-'));
  mkdirSync(dataDir, { recursive: true });
  const store = new Store(dataDir, { historyLoss: faults.has('history-loss') });

  const runnerRef: { runner?: AgentRunner } = {};
  const hub = new Hub(store, faults, { benchMode: opts.benchMode }, runnerRef);
  const runner = new AgentRunner(store, faults, hub, opts.stepMs);
  runnerRef.runner = runner;
  runner.recover();

  const ctx: ApiContext = {
    store,
    hub,
    assets,
    version: packageVersion(),
    faultNames: faults.names,
    transport: opts.transport,
    sessionTtlMs: opts.sessionTtlMs,
    xss: faults.has('xss'),
  };

  const server = createServer((req, res) => {
    void handle(ctx, req, res);
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: WS_MAX_PAYLOAD });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path !== '/ws') {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    socket.on('error', () => {
      socket.destroy();
    });
    // A browser page of another origin may not open a socket with this user's cookie.
    if (!sameOrigin(req.headers.origin, req.headers.host)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const auth = authenticate(store, req.headers.cookie);
    wss.handleUpgrade(req, socket, head, (ws) => {
      // No or expired session: accept, then close with 4401 so a browser sees the reason.
      if (auth.kind !== 'ok') {
        ws.close(CLOSE_UNAUTHORIZED, auth.kind === 'expired' ? 'Session expired' : 'Not signed in');
        return;
      }
      hub.attach(ws, auth);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  }).catch((error: unknown) => {
    store.close();
    throw error;
  });

  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : opts.port;
  let closing: Promise<void> | undefined;

  return {
    url: `http://${hostForUrl(opts.host)}:${port}`,
    port,
    dataDir,
    close() {
      closing ??= (async () => {
        hub.closeAll(1001, 'Server shutting down');
        await runner.close();
        await new Promise<void>((resolve) => {
          wss.close(() => {
            resolve();
          });
        });
        await new Promise<void>((resolve) => {
          server.close(() => {
            resolve();
          });
          server.closeAllConnections();
        });
        store.close();
        if (ownDataDir) rmSync(dataDir, { recursive: true, force: true });
      })();
      return closing;
    },
  };
}
