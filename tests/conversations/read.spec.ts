import { expect, test } from '@playwright/test';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { conversationsFile, REFERENCE_CONVERSATIONS } from '../../lib/config/load.ts';
import { parseSuiteConfig } from '../../lib/config/env.ts';
import { ConversationsFileError, parseConversations, readConversations } from '../../lib/conversations/read.ts';
import { isAbsent } from '../../lib/conversations/schema.ts';

const FILE = 'targets/x/conversations.yaml';

const MINIMAL = `plain:
  message: Hello
  answer: Hi
thinking: { absent: no reasoning is shown }
echo: { absent: a fixed sentence answers everything }
tools:
  - name: weather
    message: Weather in Paris?
    card: /\\d+ °C/
toolError: { absent: its one tool cannot fail }
severalTools: { absent: one tool only }
perUser: { absent: the mock model answers one sentence }
lengthLimit: { absent: no limit }
toolInputHtml: { absent: its tool takes a city name only }
stop: { absent: no Stop control }
`;

/** The problems a file's text raises, as data. */
function problemsOf(text: string): readonly { line: number; field: string; message: string }[] {
  try {
    parseConversations(text, FILE);
  } catch (error) {
    if (error instanceof ConversationsFileError) return error.problems;
    throw error;
  }
  throw new Error('expected the file to be refused');
}

test.describe('a target\'s conversations file', () => {
  test('a minimal file: patterns compile, absent behaviours keep their reason, answers default to "some text"', () => {
    const data = parseConversations(MINIMAL, FILE);
    expect(data.plain).toEqual({ message: 'Hello', answer: 'Hi' });
    expect(Array.isArray(data.tools) && data.tools[0]?.card).toEqual(/\d+ °C/);
    expect(Array.isArray(data.tools) && data.tools[0]?.answer).toEqual(/\S/);
    expect(isAbsent(data.lengthLimit) && data.lengthLimit.absent).toBe('no limit');
    expect(data.conversations).toEqual([]);
  });

  test('an unknown key is named with its line and field', () => {
    expect(problemsOf(MINIMAL.replace('    card:', '    crad: x\n    card:'))).toEqual([
      { line: 9, field: 'tools[0].crad', message: 'unknown key (a typo, or a field this version does not know)' },
    ]);
  });

  test('a missing field names the object it is missing from', () => {
    expect(problemsOf(MINIMAL.replace('  answer: Hi\n', ''))).toEqual([{ line: 1, field: 'plain.answer', message: 'missing (string expected)' }]);
  });

  test('a tool named twice is refused at its second mention', () => {
    const twice = MINIMAL.replace('toolError:', '  - name: weather\n    message: And in Rome?\n    card: x\ntoolError:');
    expect(problemsOf(twice)).toEqual([{ line: 10, field: 'tools[1].name', message: 'the tool weather is named twice' }]);
  });

  test('a pattern that does not compile says why, where', () => {
    const [problem] = problemsOf(MINIMAL.replace('/\\d+ °C/', '/(unclosed/'));
    expect(problem).toMatchObject({ line: 9, field: 'tools[0].card' });
    expect(problem?.message).toMatch(/^the pattern does not compile: .*unterminated group/i);
  });

  test('a tool error ends the answer as answered (the default) or failed, and nothing else', () => {
    const failing = MINIMAL.replace('toolError: { absent: its one tool cannot fail }', 'toolError: { message: Weather in Atlantis?, tool: weather, card: no forecast, ends: failed }');
    expect(parseConversations(failing, FILE).toolError).toMatchObject({ ends: 'failed' });
    expect(parseConversations(failing.replace(', ends: failed', ''), FILE).toolError).toMatchObject({ ends: 'answered' });
    expect(problemsOf(failing.replace('ends: failed', 'ends: later'))).toEqual([
      { line: 10, field: 'toolError.ends', message: 'expected answered (the agent answers anyway) or failed (the failure ends the answer)' },
    ]);
  });

  test('a behaviour declared absent without a reason asks for one', () => {
    expect(problemsOf(MINIMAL.replace('{ absent: no limit }', '{ absent: "" }'))).toEqual([
      { line: 13, field: 'lengthLimit.absent', message: 'expected the reason the product has no such behaviour' },
    ]);
  });

  test('a conversation\'s turn with an event the lifecycle does not know, or agent_thinking, is refused', () => {
    const file = `${MINIMAL}conversations:\n  - name: two turns\n    turns:\n      - message: hi\n        events: [agent_started, agent_thinking, agent_finished]\n`;
    expect(problemsOf(file).map((problem) => `${problem.line} ${problem.field}`)).toEqual(['20 conversations[0].turns[0].events[1]', '20 conversations[0].turns[0].events[2]']);
  });

  test('text that is not YAML names its line', () => {
    expect(problemsOf('plain:\n  message: a: b: c\n')).toEqual([expect.objectContaining({ line: 2, field: '' })]);
  });

  test('a file that is missing says so, and the message names file and line for a person', () => {
    expect(() => readConversations('targets/nowhere/conversations.yaml')).toThrow(/^The conversations file targets\/nowhere\/conversations.yaml cannot be used:\n {2}- targets\/nowhere\/conversations.yaml:1: cannot be read: ENOENT/);
  });

  test('the file a run reads: CONVERSATIONS, else beside the target\'s .env, else the reference app\'s', () => {
    expect(conversationsFile(parseSuiteConfig({ CONVERSATIONS: 'mine.yaml' }), {})).toBe('mine.yaml');
    expect(conversationsFile(parseSuiteConfig({}), { CHAT_E2E_ENV_FILE: 'targets/examples/ag-ui-chat/.env' })).toBe(path.join('targets/examples/ag-ui-chat', 'conversations.yaml'));
    expect(conversationsFile(parseSuiteConfig({}), {})).toBe(REFERENCE_CONVERSATIONS);
    expect(conversationsFile(parseSuiteConfig({ BASE_URL: 'https://chat.example.com' }), {})).toBe('conversations.yaml');
  });

  test('every target in the repository has a conversations file that reads', () => {
    const examples = readdirSync('targets/examples', { withFileTypes: true }).filter((entry) => entry.isDirectory() && entry.name.endsWith('-chat'));
    for (const folder of ['targets/app', ...examples.map((entry) => path.join('targets/examples', entry.name))]) {
      expect(() => readConversations(path.join(folder, 'conversations.yaml')), folder).not.toThrow();
    }
  });
});
