/**
 * Data streams that the AI SDK 4.x itself wrote (ai@4.3.19's streamText + toDataStreamResponse,
 * over its mock model): tests/support/ai-sdk-4/streams.json, written by record.mjs beside it, which
 * runs in a folder of its own because ai@4 wants zod 3 and the suite has zod 4.
 */
import { readFileSync } from 'node:fs';

export interface DataStreamTurn {
  /** What ai@4's useChat posts. */
  request: string;
  contentType: string;
  /** The response's lines, as the tap hands them to the decoder. */
  lines: string[];
}

const recorded = JSON.parse(readFileSync(new URL('./ai-sdk-4/streams.json', import.meta.url), 'utf8')) as { streams: Record<'plain' | 'toolThenAnswer' | 'toolError', DataStreamTurn> };

export const dataStreams = recorded.streams;
