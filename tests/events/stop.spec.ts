import { test } from '@playwright/test';
import { expect } from '../../lib/matchers/index.ts';
import { describeStop, judgeStop, STOP_GRACE_MS } from '../../lib/events/stop.ts';
import { onlyRun, record, T0, wireRun, type Envelope, type FrameSpec } from '../support/frames.ts';

const [started, thinking] = wireRun({ runId: 'run-1' }) as [Envelope, Envelope];
/** The ending the reference app sends for a Stop. */
const cancelled: Envelope = { ...started, type: 'agent_error', seq: 3, data: { message: 'Stopped by the user.', aborted: true } };
/** Each envelope received at its time, in milliseconds after T0. */
const timed = (...steps: [Envelope, number][]): FrameSpec[] => steps.map(([payload, ms]) => ({ kind: 'received', payload, at: T0 + ms }));

test.describe('a run its user stopped', { tag: '@unit' }, () => {
  test('ends as cancelled with nothing after it: it stopped well, and toHaveStopped passes', () => {
    const frames = record(timed([started, 0], [thinking, 100], [cancelled, 400]));
    expect(judgeStop(onlyRun(frames), T0 + 300)).toMatchObject({ cancelled: true, late: [] });
    expect(frames).toHaveStopped({ at: T0 + 300 });
  });

  test('an event the product sent before it heard the Stop may arrive within the grace; later ones are named', () => {
    const inGrace = record(timed([started, 0], [thinking, 500], [cancelled, 600]));
    expect(judgeStop(onlyRun(inGrace), T0 + 400).late).toEqual([]);
    const late = record(timed([started, 0], [thinking, 400 + STOP_GRACE_MS + 1], [cancelled, 3000]));
    expect(judgeStop(onlyRun(late), T0 + 400).late).toEqual([{ type: 'agent_thinking', afterMs: STOP_GRACE_MS + 1, frame: 1 }]);
  });

  test('a backend that ignores the Stop: the run goes on and completes; the failure names both', () => {
    const frames = record(timed(...wireRun({ runId: 'run-1' }).map((envelope, position): [Envelope, number] => [envelope, position * 800])));
    const run = onlyRun(frames);
    const judgement = judgeStop(run, T0 + 100);
    expect(judgement.cancelled).toBe(false);
    expect(describeStop(run, judgement)).toBe(
      'run run-1 went on after the Stop: 3 event(s) came more than 1000 ms after it or after its ending (tool_executing +1500 ms, tool_completed +2300 ms, agent_completed +3100 ms); and ended with agent_completed, not as stopped (agent_error marked aborted)',
    );
    expect(() => {
      expect(frames).toHaveStopped({ at: T0 + 100 });
    }).toThrow(/Received: run run-1 went on after the Stop: 3 event\(s\)[^]*agent_completed/);
  });

  test('a failure is not a stop, and an event after the cancelled ending is late however soon it comes', () => {
    const failed = onlyRun(record([started, thinking, { ...cancelled, data: { message: 'boom' } }]));
    expect(describeStop(failed, judgeStop(failed, T0))).toBe('run run-1 ended with agent_error (a failure), not as stopped (agent_error marked aborted)');
    const after = onlyRun(record([started, cancelled, { ...thinking, seq: 4 }]));
    expect(judgeStop(after, T0).late.map((event) => event.type)).toEqual(['agent_thinking']);
  });

  test('a run with no ending yet has not stopped', () => {
    const run = onlyRun(record([started, thinking]));
    expect(describeStop(run, judgeStop(run, T0 + 10_000))).toBe('run run-1 has no ending: it never ended as stopped');
  });
});
