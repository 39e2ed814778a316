import { expect, test } from '@playwright/test';
import { FAILURE_CATEGORIES, categorize, categoryTitle } from '../../lib/reporting/allure-categories.ts';
import { withoutAnsi } from '../../lib/reporting/text.ts';

/** How Playwright colours a matcher hint: `expect(received).name(argument)`. */
const hint = (matcher: string, argument: string): string =>
  `Error: \u001b[2mexpect(\u001b[22m\u001b[31mreceived\u001b[39m\u001b[2m).\u001b[22m${matcher}\u001b[2m(\u001b[22m\u001b[32m${argument}\u001b[39m\u001b[2m)\u001b[22m`;

const frame = (index: number, type: string, userId = 'user-alice') =>
  `#${index} received ${type} seq=${index + 1} at=+${index * 10}ms [alice] {"type":"${type}","runId":"run-1","userId":"${userId}","conversationId":"conv-1"}`;

/** Failure messages as matchers/agent-events.ts, fixtures/event-report.ts and Playwright word them. */
const examples: [what: string, message: string, category: string | undefined][] = [
  [
    'the tap: a foreign event (its opening line names both opt-outs)',
    'Error: The event tap saw what no test may see (opt out with test.use({ allowMalformedFrames / allowForeignEvents })):\nforeign event on ws://127.0.0.1:4000/ws: #41 received agent_started at=+12ms [bob] {"type":"agent_started"}',
    'Product bug: isolation leak',
  ],
  [
    'the tap: a malformed frame',
    'Error: The event tap saw what no test may see (opt out with test.use({ allowMalformedFrames / allowForeignEvents })):\nmalformed frame on ws://127.0.0.1:4000/ws: #7 received at=+3ms {"type": — not JSON',
    'Product bug: malformed frames',
  ],
  [
    'toHaveNoForeignEvents',
    `${hint('toHaveNoForeignEvents', 'user')}\n\nExpected: no agent event for a user other than alice (user-alice)\nReceived: 5 foreign events\n\nuserId user-bob: ${frame(0, 'agent_started', 'user-bob')}`,
    'Product bug: isolation leak',
  ],
  [
    'toHaveNoMalformedFrames',
    `${hint('toHaveNoMalformedFrames', '')}\n\nExpected: every received frame to decode\nReceived: 1 malformed frame\n\n#0 received malformed at=+0ms [alice] {"type": nope\n    reason: not JSON`,
    'Product bug: malformed frames',
  ],
  [
    'toHaveCompleteRun in expect.poll, whose call log ends in a timeout',
    `${hint('toHaveCompleteRun', 'options')}\n\nExpected: 1 run, each complete (agent_started … agent_completed/agent_error) and following rules 1-5\nReceived: 1 run: 0 incomplete runs, 2 violations\n\nViolations:\n  rule 3 (each tool_executing has one tool_completed after it), run run-1: expected a tool_completed for tool call run-1-call-1 (calculator) before agent_completed, got none\n      ${frame(3, 'tool_executing')}\n\nCall Log:\n- Timeout 15000ms exceeded while waiting on the predicate`,
    'Product bug: lifecycle broken',
  ],
  [
    'toHaveCompleteRun whose frames quote app text that reads like another category',
    `${hint('toHaveCompleteRun', 'options')}\n\nReceived: 1 run: 1 incomplete run, 0 violations\n  #2 received agent_thinking {"text":"Checking whether another user could leak a malformed frame"}`,
    'Product bug: lifecycle broken',
  ],
  ['toFollowLifecycle', `${hint('toFollowLifecycle', 'options')}\n\nExpected: every run to follow lifecycle rules 1-5\nReceived: 1 run, 1 violation`, 'Product bug: lifecycle broken'],
  [
    'toHaveEventSequence',
    `${hint('toHaveEventSequence', 'expected')}\n\nExpected: the last run (run-1) to be [agent_started, agent_completed]\nReceived: [agent_started, agent_thinking, agent_completed]`,
    'Product bug: lifecycle broken',
  ],
  [
    'toMatchScreen (rule 6), which quotes agent_completed',
    `${hint('toMatchScreen', 'ui')}\n\nReceived: 2 differences\n\nViolations:\n  rule 6 (the screen matches the events), run run-1: expected the screen to show the answer "42", got "something else"\n      ${frame(4, 'agent_completed')}`,
    'Product bug: UI mismatch',
  ],
  [
    'a web-first locator assertion, which carries "Timeout: 15000ms"',
    "Error: \u001b[2mexpect(\u001b[22m\u001b[31mlocator\u001b[39m\u001b[2m).\u001b[22mtoHaveAttribute\u001b[2m(\u001b[22m\u001b[32mexpected\u001b[39m\u001b[2m)\u001b[22m failed\n\nLocator: getByTestId('tool-card')\nExpected: \"done\"\nReceived: \"running\"\nTimeout: 15000ms",
    'Product bug: UI mismatch',
  ],
  ['the test timeout', '\u001b[31mTest timeout of 45000ms exceeded while setting up "chat".\u001b[39m', 'Test infrastructure: timeout'],
  ['an action timeout', "Error: locator.click: Timeout 30000ms exceeded.\nCall log:\n  - waiting for getByRole('button', { name: 'Send' })", 'Test infrastructure: timeout'],
  ['the account API refusing a fixture', 'Error: POST /api/register answered 500: database is locked', 'Test infrastructure: set-up'],
  ['the app unreachable', 'Error: apiRequestContext.post: connect ECONNREFUSED 127.0.0.1:41234', 'Test infrastructure: set-up'],
  ['a browser that does not launch', "Error: browserType.launch: Executable doesn't exist at /ms-playwright/chromium-1200/chrome-linux/chrome", 'Test infrastructure: set-up'],
  ['a plain value assertion', 'Error: expect(received).toEqual(expected) // deep equality\n- Expected  - 1\n+ Received  + 1', undefined],
];

test.describe('failure categories (Allure and the gate)', () => {
  for (const [what, message, expected] of examples) {
    test(`${what} → ${expected ?? 'no category'}`, () => {
      const category = categorize(message);
      expect(category ? categoryTitle(category) : undefined).toBe(expected);
    });
  }

  test('colour codes are removed before matching, as allure-playwright removes them', () => {
    expect(withoutAnsi('\u001b[31mTest timeout\u001b[39m of \u001b[2m1ms\u001b[22m')).toBe('Test timeout of 1ms');
  });

  test('every category has a unique id and is reached by at least one example', () => {
    const ids = FAILURE_CATEGORIES.map((category) => category.id);
    expect(new Set(ids).size).toBe(ids.length);
    const reached = new Set(examples.map(([, , expected]) => expected));
    for (const category of FAILURE_CATEGORIES) expect(reached, categoryTitle(category)).toContain(categoryTitle(category));
  });
});
