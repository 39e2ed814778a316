/** Passwords (scrypt + random salt, compared in constant time) and session ids. */
import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

const KEY_LENGTH = 64;
const SCRYPT_OPTIONS = { N: 16384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

function derive(password: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, SCRYPT_OPTIONS, (error, key) => {
      if (error) reject(error);
      else resolve(key);
    });
  });
}

export async function hashPassword(password: string): Promise<{ salt: Buffer; hash: Buffer }> {
  const salt = randomBytes(16);
  return { salt, hash: await derive(password, salt) };
}

export async function verifyPassword(password: string, salt: Buffer, hash: Buffer): Promise<boolean> {
  const candidate = await derive(password, salt);
  return candidate.length === hash.length && timingSafeEqual(candidate, hash);
}

/** A fixed salt/hash pair to spend the same time on unknown usernames (no user enumeration by timing). */
let dummy: Promise<{ salt: Buffer; hash: Buffer }> | undefined;
export function dummyCredentials(): Promise<{ salt: Buffer; hash: Buffer }> {
  dummy ??= hashPassword(randomBytes(16).toString('hex'));
  return dummy;
}

/** A new session id (32 random bytes) for the cookie; only its hash is stored. */
export function newSessionId(): string {
  return randomBytes(32).toString('base64url');
}

export function hashSessionId(sid: string): string {
  return createHash('sha256').update(sid).digest('hex');
}

export const SESSION_COOKIE = 'sid';

export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  if (!header) return cookies;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (name !== '' && !cookies.has(name)) cookies.set(name, value);
  }
  return cookies;
}

export function sessionCookie(sid: string, maxAgeMs: number): string {
  return `${SESSION_COOKIE}=${sid}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${Math.floor(maxAgeMs / 1000)}`;
}

export function clearedSessionCookie(): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`;
}
