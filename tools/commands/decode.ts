/**
 * `npm run decode -- [--decoder <pack or module>] [--svg timeline.svg] <agent-frames.jsonl>`:
 * replays a test's recorded frames through a decoder or pack and prints the runs, the lifecycle
 * verdict and the timeline, with no browser: a decoder's author records once and iterates in
 * seconds. The decoder defaults to EVENT_DECODER (.env). Exit 0 when every run is complete and
 * follows the rules with nothing malformed or foreign, 1 when not, 2 when it cannot replay.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadDecoder } from '../../lib/config/decoder-module.ts';
import { formatFrame, originOf, plural } from '../../lib/events/format.ts';
import { isComplete } from '../../lib/events/lifecycle.ts';
import { ownersOf, reportRecording } from '../../lib/events/recording-report.ts';
import { replayRecording } from '../../lib/events/replay.ts';
import { renderTimelineSvg } from '../../lib/events/timeline-svg.ts';
import type { TimelineRun } from '../../lib/events/timeline.ts';
import { loadSuiteConfig } from '../../lib/config/load.ts';
import { failing, runCommand, type Fail } from './fail.ts';

const fail: Fail = failing('decode');

const USAGE = 'npm run decode -- [--decoder <pack or module>] [--svg timeline.svg] <agent-frames.jsonl>';

interface DecodeArguments {
  file: string;
  decoder: string | undefined;
  svg: string | undefined;
}

function parseArguments(argv: string[]): DecodeArguments {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { decoder: { type: 'string' }, svg: { type: 'string' } }, allowPositionals: true });
  } catch (error) {
    fail(`${(error as Error).message}. Usage: ${USAGE}`);
  }
  const [file, ...extra] = parsed.positionals;
  if (file === undefined || extra.length > 0) fail(`give one recording: ${USAGE}`);
  return { file, decoder: parsed.values.decoder, svg: parsed.values.svg };
}

function decoderSpec(decoder: string | undefined): string {
  if (decoder === undefined) return loadSuiteConfig({ fail }).EVENT_DECODER;
  return loadSuiteConfig({ overrides: { EVENT_DECODER: decoder }, fail: (message) => fail(message.replaceAll('EVENT_DECODER', '--decoder')) }).EVENT_DECODER;
}

/** A run's events on the timeline: ms from the user's message (or the run's first frame), and its tool calls. */
function describeTimelineRun(run: TimelineRun): string {
  const from = run.messageFrame === undefined ? "the run's first frame (no user message found)" : `the user's message #${run.messageFrame}`;
  const marks = run.events.map((event) => `${event.type} +${Math.round(event.t)}`).join(', ');
  const tools = run.toolCalls.map((call) => `${call.tool} ${Math.round(call.start)}-${call.end === undefined ? 'pending' : Math.round(call.end)} ms (${call.outcome})`);
  return [`  ${run.runId}, ms from ${from}: ${marks}`, ...(tools.length ? [`    tools: ${tools.join('; ')}`] : [])].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const { file, decoder, svg } = parseArguments(argv);
  let jsonl: string;
  try {
    jsonl = readFileSync(file, 'utf8');
  } catch (error) {
    fail(`cannot read ${file}: ${(error as Error).message}`);
  }
  const decoders = await loadDecoder(decoderSpec(decoder)).catch((error: unknown) => fail((error as Error).message));
  const { frames, unreadable } = replayRecording(jsonl, decoders);
  const report = reportRecording(frames, ownersOf(frames));
  const origin = originOf(frames);

  const out: string[] = [`decoder: ${decoders.name}`, `recording: ${file}: ${plural(report.wireFrames, 'frame')} on ${plural(new Set(frames.map((frame) => `${frame.pageId}/${frame.socketId}`)).size, 'stream')}`];
  for (const { line, reason } of unreadable) out.push(`  line ${line} skipped: ${reason}`);

  out.push('', 'Runs:');
  if (report.runs.length === 0) out.push('  none: no frame decoded to an agent event');
  for (const { run, user } of report.runs) {
    const answer = run.events.find((event) => event.type === 'agent_completed')?.data.answer;
    out.push(
      `  ${user.name}: run ${run.runId}${run.conversationId === undefined ? '' : ` (conversation ${run.conversationId})`}: ${isComplete(run) ? 'complete' : 'INCOMPLETE'}, ${run.events.map((event) => event.type).join(', ')}`,
      ...(typeof answer === 'string' ? [`    answer: ${JSON.stringify(answer.length > 200 ? `${answer.slice(0, 200)}…` : answer)}`] : []),
    );
  }

  out.push('', 'Verdict:', ...report.verdict.split('\n').map((line) => `  ${line}`));
  for (const { frame, reason } of report.foreign) out.push(`  foreign: ${reason}: ${formatFrame(frame, origin)}`);
  for (const frame of report.malformed) out.push(`  malformed: ${frame.decoded.reason}: ${formatFrame(frame, origin)}`);

  out.push('', 'Timeline:');
  for (const lane of report.timeline.lanes) out.push(`${lane.owner}:`, ...lane.runs.map(describeTimelineRun));
  console.log(out.join('\n'));

  if (svg !== undefined) {
    writeFileSync(svg, renderTimelineSvg(report.timeline));
    console.log(`\n[decode] timeline picture written to ${svg}`);
  }
  const clean = report.runs.every(({ run }) => isComplete(run)) && report.violations.length === 0 && report.malformed.length === 0 && report.foreign.length === 0;
  return clean && unreadable.length === 0 ? 0 : 1;
}

await runCommand(import.meta.url, 'decode', main);
