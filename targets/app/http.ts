/** Small HTTP helpers: JSON bodies with a size limit, JSON replies, errors with a status. */
import type { IncomingMessage, ServerResponse } from 'node:http';

export const BODY_LIMIT = 64 * 1024;
/** Past this much, the request is cut off instead of read to the end before the 413. */
const DRAIN_LIMIT = 1024 * 1024;

export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
    readonly code?: string,
  ) {
    super(message);
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string | string[]> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function sendEmpty(res: ServerResponse, status: number, headers: Record<string, string | string[]> = {}): void {
  res.writeHead(status, { 'cache-control': 'no-store', ...headers });
  res.end();
}

/** Reads the body as JSON; 413 past 64 KiB, 400 when it is not JSON. */
export function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > DRAIN_LIMIT) {
      req.resume();
      reject(new HttpError(413, 'The request body is larger than 64 KiB', { connection: 'close' }));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= BODY_LIMIT) chunks.push(chunk);
      else if (size > DRAIN_LIMIT) req.destroy();
    });
    req.on('error', reject);
    req.on('end', () => {
      if (size > BODY_LIMIT) {
        reject(new HttpError(413, 'The request body is larger than 64 KiB'));
        return;
      }
      const text = Buffer.concat(chunks).toString('utf8');
      if (text.trim() === '') {
        reject(new HttpError(400, 'The request needs a JSON body'));
        return;
      }
      try {
        resolve(JSON.parse(text));
      } catch {
        reject(new HttpError(400, 'The request body is not valid JSON'));
      }
    });
  });
}
