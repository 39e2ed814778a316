/**
 * Storage: one SQLite file (better-sqlite3, synchronous) under the data dir.
 * Every agent event is stored here before it is sent; `seq` is allocated per conversation
 * in the same transaction that stores the event, so it never repeats or skips.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { newId } from './ids.ts';

export interface UserRow {
  id: string;
  name: string;
  salt: Buffer;
  hash: Buffer;
}

export interface ConversationRow {
  id: string;
  userId: string;
  title: string;
  createdAt: string;
  updatedAt: string;
  lastSeq: number;
}

export interface PublicConversation {
  id: string;
  title: string;
  createdAt: string;
  updatedAt: string;
}

export interface MessageRow {
  id: string;
  conversationId: string;
  runId: string;
  clientId: string;
  text: string;
}

export type RunStatus = 'queued' | 'running' | 'completed' | 'error' | 'stalled' | 'aborted';

export interface StoredEvent {
  seq: number;
  json: string;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS users (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE COLLATE NOCASE,
  salt BLOB NOT NULL,
  hash BLOB NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
  id_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id),
  expires_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS conversations (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id),
  title TEXT NOT NULL,
  titled INTEGER NOT NULL DEFAULT 0,
  last_seq INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS conversations_by_user ON conversations (user_id, updated_at);
CREATE TABLE IF NOT EXISTS messages (
  id TEXT PRIMARY KEY,
  conversation_id TEXT NOT NULL REFERENCES conversations(id),
  user_id TEXT NOT NULL REFERENCES users(id),
  client_id TEXT NOT NULL,
  run_id TEXT NOT NULL,
  text TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (user_id, client_id)
);
CREATE TABLE IF NOT EXISTS runs (
  id TEXT PRIMARY KEY,
  conversation_id TEXT NOT NULL REFERENCES conversations(id),
  message_id TEXT NOT NULL,
  status TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  conversation_id TEXT NOT NULL REFERENCES conversations(id),
  run_id TEXT,
  type TEXT NOT NULL,
  seq INTEGER,
  json TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS events_by_seq ON events (conversation_id, seq) WHERE seq IS NOT NULL;
CREATE INDEX IF NOT EXISTS events_by_conversation ON events (conversation_id, id);
`;

export class ConflictError extends Error {
  override name = 'ConflictError';
}

interface ConversationDbRow {
  id: string;
  user_id: string;
  title: string;
  created_at: string;
  updated_at: string;
  last_seq: number;
}

function toConversation(row: ConversationDbRow): ConversationRow {
  return { id: row.id, userId: row.user_id, title: row.title, createdAt: row.created_at, updatedAt: row.updated_at, lastSeq: row.last_seq };
}

export function publicConversation(c: ConversationRow): PublicConversation {
  return { id: c.id, title: c.title, createdAt: c.createdAt, updatedAt: c.updatedAt };
}

/** Collapses whitespace and cuts to 60 characters (whole code points). */
export function titleFrom(text: string): string {
  return Array.from(text.replace(/\s+/g, ' ').trim()).slice(0, 60).join('');
}

export interface StoreOptions {
  /** The `history-loss` fault: events and messages are not written to the history. */
  historyLoss: boolean;
}

export class Store {
  readonly db: Database.Database;
  private readonly historyLoss: boolean;

  constructor(dataDir: string, options: StoreOptions) {
    this.db = new Database(join(dataDir, 'chat.sqlite3'));
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
    this.historyLoss = options.historyLoss;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  // Users and sessions

  createUser(name: string, salt: Buffer, hash: Buffer): { id: string; name: string } {
    const id = newId('u');
    try {
      this.db.prepare('INSERT INTO users (id, name, salt, hash, created_at) VALUES (?, ?, ?, ?, ?)').run(id, name, salt, hash, new Date().toISOString());
    } catch (error) {
      if (error instanceof Error && 'code' in error && error.code === 'SQLITE_CONSTRAINT_UNIQUE') {
        throw new ConflictError('That username is taken');
      }
      throw error;
    }
    return { id, name };
  }

  userByName(name: string): UserRow | undefined {
    return this.db.prepare('SELECT id, name, salt, hash FROM users WHERE name = ?').get(name) as UserRow | undefined;
  }

  userById(id: string): { id: string; name: string } | undefined {
    return this.db.prepare('SELECT id, name FROM users WHERE id = ?').get(id) as { id: string; name: string } | undefined;
  }

  createSession(idHash: string, userId: string, expiresAt: number): void {
    this.db.prepare('INSERT INTO sessions (id_hash, user_id, expires_at) VALUES (?, ?, ?)').run(idHash, userId, expiresAt);
  }

  session(idHash: string): { userId: string; expiresAt: number } | undefined {
    return this.db.prepare('SELECT user_id AS userId, expires_at AS expiresAt FROM sessions WHERE id_hash = ?').get(idHash) as
      | { userId: string; expiresAt: number }
      | undefined;
  }

  deleteSession(idHash: string): void {
    this.db.prepare('DELETE FROM sessions WHERE id_hash = ?').run(idHash);
  }

  deleteExpiredSessions(now: number): void {
    this.db.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(now);
  }

  // Conversations

  conversations(userId: string): ConversationRow[] {
    const rows = this.db
      .prepare('SELECT * FROM conversations WHERE user_id = ? ORDER BY updated_at DESC, created_at DESC, rowid DESC')
      .all(userId) as ConversationDbRow[];
    return rows.map(toConversation);
  }

  conversation(id: string): ConversationRow | undefined {
    const row = this.db.prepare('SELECT * FROM conversations WHERE id = ?').get(id) as ConversationDbRow | undefined;
    return row ? toConversation(row) : undefined;
  }

  createConversation(userId: string, title?: string): ConversationRow {
    const id = newId('c');
    const now = new Date().toISOString();
    this.db
      .prepare('INSERT INTO conversations (id, user_id, title, titled, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(id, userId, title ?? 'New chat', title === undefined ? 0 : 1, now, now);
    const created = this.conversation(id);
    if (!created) throw new Error('conversation vanished');
    return created;
  }

  /** All stored envelopes (user messages and agent events) of a conversation, in order. */
  history(conversationId: string): string[] {
    const rows = this.db.prepare('SELECT json FROM events WHERE conversation_id = ? ORDER BY id').all(conversationId) as { json: string }[];
    return rows.map((r) => r.json);
  }

  /** Stored agent events with seq > afterSeq, in seq order. */
  eventsAfter(conversationId: string, afterSeq: number): StoredEvent[] {
    return this.db
      .prepare('SELECT seq, json FROM events WHERE conversation_id = ? AND seq > ? ORDER BY seq')
      .all(conversationId, afterSeq) as StoredEvent[];
  }

  // Messages, runs and events

  messageByClientId(userId: string, clientId: string): MessageRow | undefined {
    return this.db
      .prepare('SELECT id, conversation_id AS conversationId, run_id AS runId, client_id AS clientId, text FROM messages WHERE user_id = ? AND client_id = ?')
      .get(userId, clientId) as MessageRow | undefined;
  }

  /**
   * Stores a user message (creating its conversation when `conversationId` is undefined)
   * and a queued run for it, in one transaction. `envelope` builds the history entry.
   */
  storeUserMessage(input: {
    userId: string;
    conversationId: string | undefined;
    clientId: string;
    text: string;
    envelope: (m: MessageRow, ts: string) => string;
  }): { conversation: ConversationRow; message: MessageRow; created: boolean } {
    return this.db.transaction(() => {
      const now = new Date().toISOString();
      let conversation = input.conversationId === undefined ? undefined : this.conversation(input.conversationId);
      const created = conversation === undefined;
      conversation ??= this.createConversation(input.userId, titleFrom(input.text));
      const message: MessageRow = { id: newId('m'), conversationId: conversation.id, runId: newId('r'), clientId: input.clientId, text: input.text };
      this.db
        .prepare('INSERT INTO messages (id, conversation_id, user_id, client_id, run_id, text, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(message.id, conversation.id, input.userId, message.clientId, message.runId, message.text, now);
      this.db.prepare("INSERT INTO runs (id, conversation_id, message_id, status, created_at) VALUES (?, ?, ?, 'queued', ?)").run(message.runId, conversation.id, message.id, now);
      this.db
        .prepare('UPDATE conversations SET updated_at = ?, title = CASE WHEN titled = 0 THEN ? ELSE title END, titled = 1 WHERE id = ?')
        .run(now, titleFrom(input.text), conversation.id);
      if (!this.historyLoss) {
        this.db
          .prepare("INSERT INTO events (conversation_id, run_id, type, seq, json) VALUES (?, ?, 'user_message', NULL, ?)")
          .run(conversation.id, message.runId, input.envelope(message, now));
      }
      const stored = this.conversation(conversation.id);
      if (!stored) throw new Error('conversation vanished');
      return { conversation: stored, message, created };
    })();
  }

  /** Allocates the next seq of the conversation and stores the event built for it. */
  appendEvent(conversationId: string, runId: string, type: string, build: (seq: number) => string): { seq: number; json: string } {
    return this.db.transaction(() => {
      const row = this.db
        .prepare('UPDATE conversations SET last_seq = last_seq + 1, updated_at = ? WHERE id = ? RETURNING last_seq')
        .get(new Date().toISOString(), conversationId) as
        | { last_seq: number }
        | undefined;
      if (!row) throw new Error(`unknown conversation ${conversationId}`);
      const json = build(row.last_seq);
      if (!this.historyLoss) {
        this.db.prepare('INSERT INTO events (conversation_id, run_id, type, seq, json) VALUES (?, ?, ?, ?, ?)').run(conversationId, runId, type, row.last_seq, json);
      }
      return { seq: row.last_seq, json };
    })();
  }

  setRunStatus(runId: string, status: RunStatus): void {
    this.db.prepare('UPDATE runs SET status = ? WHERE id = ?').run(status, runId);
  }

  /** Runs a previous process left queued or running (it stopped before they ended). */
  unfinishedRuns(): { runId: string; conversationId: string; userId: string; messageId: string; events: number }[] {
    return this.db
      .prepare(
        `SELECT r.id AS runId, r.conversation_id AS conversationId, c.user_id AS userId, r.message_id AS messageId,
                (SELECT COUNT(*) FROM events e WHERE e.run_id = r.id AND e.seq IS NOT NULL) AS events
           FROM runs r JOIN conversations c ON c.id = r.conversation_id
          WHERE r.status IN ('queued', 'running') ORDER BY r.created_at, r.rowid`,
      )
      .all() as { runId: string; conversationId: string; userId: string; messageId: string; events: number }[];
  }
}
