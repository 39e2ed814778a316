import { mkdirSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from '@playwright/test';
import { productKey } from '../../lib/config/load.ts';
import { recordedFindings } from '../../lib/contract/index.ts';
import { renderEventTrace, TRACE_HEADER, traceProblem } from '../../lib/events/event-trace.ts';
import { groupRuns } from '../../lib/events/runs.ts';
import { expect } from '../../lib/matchers/index.ts';
import { dropFirst, record, wireRun } from '../support/frames.ts';

const twoTools = (runId: string, answer: string) =>
  wireRun({
    runId,
    answer,
    tools: [
      { tool: 'unit_convert', input: { value: 5, from: 'km', to: 'mi' }, output: '3.11 mi' },
      { tool: 'calculator', input: { expression: '12*7' }, output: '84' },
    ],
  });

test.describe('an event trace keeps the protocol and nothing a run makes up', { tag: '@unit' }, () => {
  test('ids become numbered placeholders, free text <text>, tool values their shape; the order and the fields stay', () => {
    const trace = renderEventTrace(groupRuns(record(twoTools('a1b2', 'It is 3.11 miles, and 84.'))));
    expect(trace).toBe(
      [
        TRACE_HEADER,
        'run <run-1>',
        '  agent_started {"messageId":"<message-1>"}',
        '  agent_thinking {"text":"<text>"}',
        '  tool_executing {"input":{"from":"<string>","to":"<string>","value":"<number>"},"tool":"unit_convert","toolCallId":"<call-1>"}',
        '  tool_completed {"output":"<string>","tool":"unit_convert","toolCallId":"<call-1>"}',
        '  tool_executing {"input":{"expression":"<string>"},"tool":"calculator","toolCallId":"<call-2>"}',
        '  tool_completed {"output":"<string>","tool":"calculator","toolCallId":"<call-2>"}',
        '  agent_completed {"answer":"<text>"}',
        '',
      ].join('\n'),
    );
  });

  test('two runs of one conversation with other ids and other words have the same trace', () => {
    const first = renderEventTrace(groupRuns(record(twoTools('run-x', 'Three point one one miles; 84.'))));
    const second = renderEventTrace(groupRuns(record(twoTools('9f8e7d', 'About 3.11 mi. 12*7 is 84.'))));
    expect(second).toBe(first);
  });

  test('a missing event shows as a missing line', () => {
    const whole = renderEventTrace(groupRuns(record(twoTools('r', 'ok'))));
    const broken = renderEventTrace(groupRuns(record(dropFirst(twoTools('r', 'ok'), 'tool_completed'))));
    expect(whole.split('\n').filter((line) => !broken.split('\n').includes(line))).toEqual(['  tool_completed {"output":"<string>","tool":"unit_convert","toolCallId":"<call-1>"}']);
  });

  test('a stored text the suite did not write is named with its first problem', () => {
    const good = renderEventTrace(groupRuns(record(wireRun())));
    expect(traceProblem(good)).toBeUndefined();
    expect(traceProblem('agent_started {}\n')).toMatch(/^its first line is not the suite's trace header/);
    expect(traceProblem(`${TRACE_HEADER}\nrun <run-1>\nagent_started {}\n`)).toBe('line 3 is neither "run <run-N>" nor an indented event with its JSON data: "agent_started {}"');
    expect(traceProblem(`${TRACE_HEADER}\nrun <run-1>\n  agent_started {"a":}\n`)).toMatch(/^line 3: the event's data is not JSON/);
  });
});

test.describe('toMatchEventTrace', { tag: '@unit' }, () => {
  // Each test stores its own approved trace (tests may run in parallel) and removes it after.
  const stored: string[] = [];
  const store = (name: string, text: string) => {
    const file = test.info().snapshotPath(productKey(), `${name}.trace.txt`);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    stored.push(file);
    return file;
  };

  test.afterEach(() => {
    for (const file of stored.splice(0)) {
      rmSync(file, { force: true });
      // The product's folder, then the spec's snapshot folder, once no other test holds a file there.
      for (const folder of [path.dirname(file), path.dirname(path.dirname(file))]) {
        try {
          rmdirSync(folder);
        } catch {
          // Not empty: another test's file is still there, and that test removes the folder.
        }
      }
    }
  });

  test('matches the approved trace of the same conversation', () => {
    store('same-conversation', renderEventTrace(groupRuns(record(twoTools('r-1', 'one answer')))));
    expect(record(twoTools('other-id', 'another answer'))).toMatchEventTrace('same-conversation');
  });

  test('a different run fails with the diff and records a trace finding', ({}, testInfo) => {
    store('two-tools', renderEventTrace(groupRuns(record(twoTools('r-1', 'one answer')))));
    const changed = record(dropFirst(twoTools('r-2', 'x'), 'tool_completed'));
    expect(() => {
      expect(changed).toMatchEventTrace('two-tools');
    }).toThrow(/toMatchEventTrace: the runs differ from the approved trace .*two-tools\.trace[\w-]*\.txt \(approve the change with --update-snapshots\)/);
    expect(recordedFindings(testInfo)).toEqual([{ kind: 'trace', check: 'toMatchEventTrace', runs: [{ runId: 'r-2' }], summary: 'the runs differ from the approved trace "two-tools"' }]);
  });

  test('a stored file the suite did not write says which file and why', ({}, testInfo) => {
    const file = store('hand-made', 'run 1: started, completed\n');
    expect(() => {
      expect(record(wireRun())).toMatchEventTrace('hand-made');
    }).toThrow(`toMatchEventTrace: ${file} is not an event trace the suite wrote: its first line is not the suite's trace header`);
    expect(recordedFindings(testInfo).map((finding) => finding.kind)).toEqual(['set-up']);
  });

  test('a name that cannot be a file name is refused', () => {
    expect(() => {
      expect(record(wireRun())).toMatchEventTrace('../two tools');
    }).toThrow(/the trace's name must be letters, digits, _ or -/);
  });
});
