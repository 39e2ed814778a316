/**
 * A timeline as a self-contained SVG: one lane per user, one row per run, events as coloured
 * marks, tool calls as labelled spans, and everything that went wrong in red. Deterministic: the
 * same timeline gives the same bytes, so a picture can be diffed and attached.
 */
import type { Lane, Timeline, TimelineRun } from './timeline.ts';
import type { AgentEventType } from './types.ts';

const WIDTH = 1000;
const LABEL_WIDTH = 180;
const PLOT_RIGHT = WIDTH - 24;
const AXIS_Y = 44;
const ROW_HEIGHT = 30;
const LANE_PADDING = 8;
/** The user's name gets a line of its own: long names would run into the run ids below. */
const LANE_HEADER = 16;
const LEGEND_HEIGHT = 56;
/** Room a run's red note needs to the right of its last mark. */
const NOTE_ROOM = 220;

const PROBLEM_COLOUR = '#dc2626';
const MESSAGE_COLOUR = '#6b7280';
const EVENT_COLOURS: Readonly<Record<AgentEventType, string>> = {
  agent_started: '#2563eb',
  agent_thinking: '#a855f7',
  tool_executing: '#f59e0b',
  tool_completed: '#0d9488',
  agent_completed: '#16a34a',
  agent_error: '#9f1239',
};

const escapeXml = (text: string): string =>
  text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

const px = (value: number): string => value.toFixed(1);

/** A round tick step (1, 2 or 5 × 10^n ms) giving about eight ticks over the span. */
function tickStep(span: number): number {
  const rough = span / 8;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  return [1, 2, 5, 10].map((factor) => factor * magnitude).find((step) => step >= rough) ?? 10 * magnitude;
}

interface Scale {
  x: (offset: number) => number;
  step: number;
  span: number;
}

/** Whole-ms ticks: a span under 8 ms is drawn as 8 ms. */
function scaleFor(duration: number): Scale {
  const step = tickStep(Math.max(duration, 8));
  const span = Math.max(step, Math.ceil(duration / step) * step);
  return { step, span, x: (offset) => LABEL_WIDTH + (offset / span) * (PLOT_RIGHT - LABEL_WIDTH) };
}

function axis(scale: Scale, bottom: number): string[] {
  const parts = [`<line x1="${LABEL_WIDTH}" y1="${AXIS_Y}" x2="${PLOT_RIGHT}" y2="${AXIS_Y}" stroke="#374151"/>`];
  for (let i = 0; i * scale.step <= scale.span; i++) {
    const tick = i * scale.step;
    const x = px(scale.x(tick));
    parts.push(
      `<line x1="${x}" y1="${AXIS_Y}" x2="${x}" y2="${bottom}" stroke="#e5e7eb"/>`,
      `<text x="${x}" y="${AXIS_Y - 6}" text-anchor="middle" font-size="11">${tick} ms</text>`,
    );
  }
  return parts;
}

/** A pending tool call is drawn up to the end of the recording: it never finished within it. */
function runRow(run: TimelineRun, y: number, scale: Scale, recordingEnd: number): string[] {
  const at = (t: number): number => scale.x(run.messageOffset + t);
  const lastT = run.events.at(-1)?.t ?? 0;
  const foreign = run.events.some((event) => event.foreign);
  const parts = [
    `<text x="${LABEL_WIDTH - 8}" y="${px(y + 4)}" text-anchor="end" font-size="11" fill="${foreign ? PROBLEM_COLOUR : '#111827'}">${escapeXml(run.runId)}</text>`,
    run.incomplete
      ? `<line x1="${px(at(0))}" y1="${px(y)}" x2="${px(at(lastT))}" y2="${px(y)}" stroke="${PROBLEM_COLOUR}" stroke-dasharray="4 3"/>`
      : `<line x1="${px(at(0))}" y1="${px(y)}" x2="${px(at(lastT))}" y2="${px(y)}" stroke="#9ca3af"/>`,
  ];
  for (const call of run.toolCalls) {
    const failed = call.outcome !== 'output';
    const end = call.end ?? recordingEnd - run.messageOffset;
    const width = Math.max(at(end) - at(call.start), 2);
    parts.push(
      `<rect x="${px(at(call.start))}" y="${px(y - 7)}" width="${px(width)}" height="14" rx="3" fill="${EVENT_COLOURS.tool_executing}" fill-opacity="0.25" stroke="${failed ? PROBLEM_COLOUR : EVENT_COLOURS.tool_executing}">` +
        `<title>${escapeXml(`${call.tool} (${call.toolCallId}): ${call.outcome}, ${call.start}–${call.end ?? '…'} ms`)}</title></rect>`,
      `<text x="${px(at(call.start) + 3)}" y="${px(y - 10)}" font-size="10" fill="${failed ? PROBLEM_COLOUR : '#92400e'}">${escapeXml(call.tool)}</text>`,
    );
  }
  if (run.messageFrame !== undefined) {
    const x = at(0);
    parts.push(
      `<path d="M${px(x)} ${px(y - 6)} L${px(x + 6)} ${px(y)} L${px(x)} ${px(y + 6)} Z" fill="${MESSAGE_COLOUR}"><title>${escapeXml(`#${run.messageFrame} user_message`)}</title></path>`,
    );
  }
  for (const event of run.events) {
    const seq = event.seq === undefined ? '' : ` seq=${event.seq}`;
    const label = `#${event.frame} ${event.type}${seq} +${event.t} ms${event.foreign ? ` foreign user ${run.userId}` : ''}`;
    parts.push(
      `<circle cx="${px(at(event.t))}" cy="${px(y)}" r="4" fill="${EVENT_COLOURS[event.type]}"${event.foreign ? ` stroke="${PROBLEM_COLOUR}" stroke-width="2"` : ''}><title>${escapeXml(label)}</title></circle>`,
    );
  }
  const notes = [...(run.incomplete ? ['incomplete'] : []), ...(foreign ? [`foreign user ${run.userId}`] : [])];
  if (notes.length > 0) {
    // After the run's last mark where there is room, else above the line, ending at that mark.
    const endX = at(lastT);
    const roomAfter = WIDTH - endX > NOTE_ROOM;
    const placement = roomAfter ? `x="${px(endX + 8)}" y="${px(y + 4)}"` : `x="${px(endX - 6)}" y="${px(y - 9)}" text-anchor="end"`;
    parts.push(`<text ${placement} font-size="11" fill="${PROBLEM_COLOUR}">${escapeXml(notes.join(', '))}</text>`);
  }
  return parts;
}

function laneRows(lane: Lane, top: number, scale: Scale, recordingEnd: number, shaded: boolean): { parts: string[]; height: number } {
  const rows = Math.max(lane.runs.length, 1);
  const height = LANE_HEADER + rows * ROW_HEIGHT + 2 * LANE_PADDING;
  const rowY = (row: number): number => top + LANE_PADDING + LANE_HEADER + row * ROW_HEIGHT + ROW_HEIGHT / 2;
  const parts = [
    `<g data-lane="${escapeXml(lane.owner)}">`,
    ...(shaded ? [`<rect x="0" y="${px(top)}" width="${WIDTH}" height="${px(height)}" fill="#e5e7eb" fill-opacity="0.35"/>`] : []),
    `<text x="8" y="${px(top + LANE_PADDING + 11)}" font-size="13" font-weight="bold">${escapeXml(lane.owner)}</text>`,
    ...lane.runs.flatMap((run, row) => runRow(run, rowY(row), scale, recordingEnd)),
  ];
  for (const mark of lane.malformed) {
    const x = scale.x(mark.offset);
    const y = top + LANE_PADDING + 4;
    parts.push(
      `<path d="M${px(x - 4)} ${px(y - 4)} L${px(x + 4)} ${px(y + 4)} M${px(x + 4)} ${px(y - 4)} L${px(x - 4)} ${px(y + 4)}" stroke="${PROBLEM_COLOUR}" stroke-width="2">` +
        `<title>${escapeXml(`#${mark.frame} malformed: ${mark.reason}`)}</title></path>`,
    );
  }
  parts.push('</g>');
  return { parts, height };
}

function legend(top: number): string[] {
  const entries: [string, string][] = [
    ['user_message', MESSAGE_COLOUR],
    ...Object.entries(EVENT_COLOURS),
    ['incomplete / foreign / malformed', PROBLEM_COLOUR],
  ];
  return entries.flatMap(([label, colour], i) => {
    const x = 8 + (i % 4) * 240;
    const y = top + 18 + Math.floor(i / 4) * 20;
    return [
      `<circle cx="${x + 5}" cy="${y - 4}" r="5" fill="${colour}"/>`,
      `<text x="${x + 16}" y="${y}" font-size="11">${escapeXml(label)}</text>`,
    ];
  });
}

export function renderTimelineSvg(timeline: Timeline): string {
  const scale = scaleFor(timeline.duration);
  const lanes: string[] = [];
  let top = AXIS_Y + 6;
  timeline.lanes.forEach((lane, i) => {
    const { parts, height } = laneRows(lane, top, scale, timeline.duration, i % 2 === 0);
    lanes.push(...parts);
    top += height;
  });
  const height = top + LEGEND_HEIGHT;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${px(height)}" viewBox="0 0 ${WIDTH} ${px(height)}" font-family="system-ui, sans-serif">`,
    '<title>Agent events per user, ms after the first frame</title>',
    `<rect width="${WIDTH}" height="${px(height)}" fill="#ffffff"/>`,
    `<text x="8" y="18" font-size="13" font-weight="bold">Agent events per user (ms after the first frame)</text>`,
    // The grid goes first so that lanes and marks are drawn over it.
    ...axis(scale, top),
    ...lanes,
    ...legend(top),
    '</svg>',
  ].join('\n');
}
