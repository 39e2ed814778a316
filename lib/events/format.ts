/**
 * Violations and frames as a person reads them in a failed test: one finding, then the frames
 * behind it, one per line.
 */
import type { RecordedFrame, Violation } from './types.ts';

/** Long enough to reach an event's data past an envelope of UUIDs. */
const PAYLOAD_PREFIX_CHARS = 240;

/** `1 event`, `2 events`. */
export const plural = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? '' : 's'}`;

/** The first characters of a payload on one line. */
export function payloadPrefix(payload: string, length = PAYLOAD_PREFIX_CHARS): string {
  const oneLine = payload.replace(/\s+/g, ' ');
  return oneLine.length > length ? `${oneLine.slice(0, length)}…` : oneLine;
}

/** What the decoder made of a frame, in a word or two. */
function decodedLabel(frame: RecordedFrame): string | undefined {
  const decoded = frame.decoded;
  if (!decoded) return undefined;
  if ('malformed' in decoded) return 'malformed';
  if ('control' in decoded) return `${decoded.type} (control)`;
  if ('userMessage' in decoded) return 'user message';
  return decoded.seq === undefined ? decoded.type : `${decoded.type} seq=${decoded.seq}`;
}

/** The earliest page time among the frames: the zero of every `at=+…ms`. */
export const originOf = (frames: readonly RecordedFrame[]): number =>
  frames.reduce((earliest, frame) => Math.min(earliest, frame.at), Number.POSITIVE_INFINITY);

/** `#index kind type seq=… at=+ms [owner] payload-prefix` */
export function formatFrame(frame: RecordedFrame, origin: number): string {
  const parts = [`#${frame.index}`, frame.kind];
  const label = decodedLabel(frame);
  if (label) parts.push(label);
  parts.push(`at=+${Math.round(frame.at - origin)}ms`);
  if (frame.owner !== undefined) parts.push(`[${frame.owner}]`);
  if (frame.kind === 'close') parts.push(`code=${frame.code ?? '-'} reason=${JSON.stringify(frame.reason ?? '')}`);
  if (frame.payload !== undefined) parts.push(payloadPrefix(frame.payload));
  return parts.join(' ');
}

/** Each violation (rule, run, expected and got), then its frames indented below it. */
export function formatViolations(violations: readonly Violation[], frames: readonly RecordedFrame[]): string {
  if (violations.length === 0) return 'no violation';
  const origin = originOf(frames);
  const byIndex = new Map(frames.map((frame) => [frame.index, frame]));
  return violations
    .flatMap((violation) => [
      `rule ${violation.rule} (${violation.ruleName}), run ${violation.runId}: ${violation.message}`,
      ...violation.frames.map((index) => {
        const frame = byIndex.get(index);
        return `    ${frame ? formatFrame(frame, origin) : `#${index} (not among the frames given)`}`;
      }),
    ])
    .join('\n');
}
