import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from '@playwright/test';
import { loadDecoder } from '../../lib/config/decoder-module.ts';
import type { Decoders } from '../../lib/events/decoder-guard.ts';
import { agentEvents, malformedFrames } from '../../lib/events/runs.ts';
import { parseSuiteConfig } from '../../lib/config/env.ts';
import { expect } from '../../lib/matchers/index.ts';
import { aiSdkExchange, calls, says, step, type Exchange } from '../support/ai-sdk-streams.ts';
import { agUiExchange } from '../support/ag-ui-streams.ts';
import { received, record, sent, sseData } from '../support/frames.ts';

const EXAMPLE = fileURLToPath(new URL('../../targets/examples/decoders/enveloped-ai-sdk.ts', import.meta.url));

/** The product's socket: the AI SDK's own request and chunks, each in the product's envelope, with a presence frame between. */
const enveloped = (exchange: Exchange) => [
  sent({ channel: 'chat', request: JSON.parse(exchange.request) as unknown }),
  received({ channel: 'presence', online: 2 }),
  ...sseData(exchange.response).filter((data) => data !== '[DONE]').map((data) => received({ channel: 'chat', chunk: JSON.parse(data) as unknown })),
  { kind: 'close' as const },
];

const toolExchange = () => aiSdkExchange('What is 6*7?', [step(calls('call-1', 'calculator', { expression: '6*7' })), step(says('It is 42.'))]);

test.describe('a decoder module that wraps a built-in pack', { tag: '@unit' }, () => {
  test('the example unwraps the envelope and hands the AI SDK chunks to the ai-sdk pack: one complete run', async () => {
    const frames = record(enveloped(await toolExchange()), { decoders: await loadDecoder(EXAMPLE) });
    expect(frames).toHaveCompleteRun({ count: 1 });
    expect(frames).toHaveNoMalformedFrames();
    expect(frames).toHaveNoForeignEvents({ name: 'alice' });
    expect(agentEvents(frames).at(-1)?.data.answer).toBe('It is 42.');
  });

  test('the example reports a frame that is no envelope, and one of the chat channel without its chunk', async () => {
    const frames = record([received('not json'), received({ channel: 'chat' })], { decoders: await loadDecoder(EXAMPLE) });
    expect(malformedFrames(frames).map((frame) => frame.decoded.reason)).toEqual(['not a JSON envelope', 'a chat frame without its chunk']);
  });

  test.describe('written outside the suite, in a folder with no package.json', () => {
    let folder: string;
    let outside: string;

    test.beforeAll(() => {
      folder = mkdtempSync(path.join(os.tmpdir(), 'my-product-decoder-'));
      outside = path.join(folder, 'my-decoder.ts');
      // Its one import is of types, which TypeScript erases: nothing to resolve from there.
      writeFileSync(outside, readFileSync(EXAMPLE, 'utf8').replace("from '../../lib/events/types.ts'", "from 'chat-e2e/events/types.ts'"));
    });

    test.afterAll(() => {
      rmSync(folder, { recursive: true, force: true });
    });

    test('loads through .env alone, with no warning from Node, and its frames decode to complete runs', async () => {
      const config = parseSuiteConfig({ EVENT_DECODER: outside });
      const warnings: string[] = [];
      const note = (warning: Error) => warnings.push(warning.message);
      process.on('warning', note);
      const decoders: Decoders = await loadDecoder(config.EVENT_DECODER);
      // Node emits a warning on the next turn.
      await new Promise((resolve) => setImmediate(resolve));
      process.off('warning', note);
      expect(warnings, 'what Node warned of while loading it (printed in every worker)').toEqual([]);
      const frames = record(enveloped(await toolExchange()), { decoders });
      expect(frames).toHaveCompleteRun({ count: 1 });
      expect(frames).toHaveNoMalformedFrames();
    });

    test('npm run decode replays a recording through it: the runs, the verdict and the timeline', async () => {
      const frames = record(enveloped(await toolExchange()), { decoders: await loadDecoder(EXAMPLE) });
      const recording = path.join(folder, 'agent-frames.jsonl');
      writeFileSync(recording, frames.map((frame) => JSON.stringify(frame)).join('\n'));
      const replay = spawnSync(process.execPath, ['--import', 'tsx', 'tools/commands/decode.ts', '--decoder', outside, recording], { encoding: 'utf8' });
      expect(replay.stderr).toBe('');
      expect(replay.stdout).toContain(`decoder: ${outside}`);
      expect(replay.stdout).toMatch(/alice: run \S+ \(conversation chat-1\): complete, agent_started, tool_executing, tool_completed, agent_completed\n {4}answer: "It is 42\."/);
      expect(replay.stdout).toContain('lifecycle: every run follows rules 1-5');
      expect(replay.stdout).toMatch(/ms from the user's message #0: agent_started \+\d+/);
      expect(replay.status).toBe(0);
    });

    test("its documented type import resolves there once the suite is linked into its folder (the suite's package exports)", () => {
      mkdirSync(path.join(folder, 'node_modules'), { recursive: true });
      symlinkSync(process.cwd(), path.join(folder, 'node_modules', 'chat-e2e'), 'dir');
      const resolveThere = createRequire(outside).resolve;
      expect(realpathSync(resolveThere('chat-e2e/events/types.ts'))).toBe(realpathSync('lib/events/types.ts'));
      expect(realpathSync(resolveThere('chat-e2e/pages/contract.ts'))).toBe(realpathSync('pages/contract.ts'));
    });

    test('a module that imports a package it cannot resolve says what to add', async () => {
      const needy = path.join(folder, 'needy.ts');
      writeFileSync(needy, "import { thing } from 'some-package-nobody-installed';\nexport const decode = () => thing;\n");
      await expect(loadDecoder(needy)).rejects.toThrow(/cannot import the module: .*some-package-nobody-installed.*A module of the target's resolves packages from its own folder: install them beside it \(npm install <package> there\), or build on a built-in pack through createDecoder's second argument, kit\.pack\('ai-sdk'\)/s);
    });
  });

  test("an AG-UI product's convention for a failed tool: a result that starts with \"Error: \" becomes a failed call", async () => {
    const decoders = await loadDecoder(fileURLToPath(new URL('../../targets/examples/decoders/ag-ui-tool-errors.ts', import.meta.url)));
    const exchange = agUiExchange('Calculate 1/0', [{ tool: 'calculator', args: { expression: '1/0' }, result: 'Error: Division by zero' }, { tool: 'calculator', args: { expression: '2*2' }, result: '4' }, { say: 'I could not calculate that.' }]);
    const frames = record([sent(exchange.request), ...sseData(exchange.response).map((data) => received(data)), { kind: 'close' }], { decoders });
    expect(frames).toHaveCompleteRun({ count: 1 });
    const results = agentEvents(frames).filter((event) => event.type === 'tool_completed').map((event) => event.data);
    expect(results).toEqual([
      expect.objectContaining({ tool: 'calculator', error: 'Division by zero' }),
      expect.objectContaining({ tool: 'calculator', output: '4' }),
    ]);
    expect(results[0]).not.toHaveProperty('output');
  });
});
