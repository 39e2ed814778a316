import { expect, test } from '@playwright/test';
import { ConfigError, parseSuiteConfig } from '../../config/env.ts';

test.describe('suite configuration (.env)', () => {
  test('an empty environment gives the documented defaults', () => {
    expect(parseSuiteConfig({})).toEqual({
      WS_URL_PATTERN: '**/ws',
      STREAM_URL_PATTERN: '**/api/sse',
      EVENT_DECODER: 'reference',
      USER_SOURCE: 'register',
      PARALLEL_USERS: 10,
      EVENT_TIMEOUT_MS: 15_000,
      EVENT_TAP: 'on',
      LATENCY_BUDGET_STARTED_MS: 1_000,
      LATENCY_BUDGET_COMPLETED_MS: 5_000,
      AGENT_STEP_MS: 60,
      FAULTS: '',
      TARGET_FEATURES: ['tools', 'history', 'conversations', 'reconnect', 'sign-up', 'session-cookie'],
      TRANSPORT: 'ws',
    });
  });

  test('TARGET_FEATURES lists what the target has, or none; an unknown feature names the variable and the known ones', () => {
    expect(parseSuiteConfig({ TARGET_FEATURES: 'tools, history' }).TARGET_FEATURES).toEqual(['tools', 'history']);
    expect(parseSuiteConfig({ TARGET_FEATURES: 'none' }).TARGET_FEATURES).toEqual([]);
    expect(() => parseSuiteConfig({ TARGET_FEATURES: 'tools,voice' })).toThrow(
      'TARGET_FEATURES="tools,voice": expected a comma-separated list of tools, history, conversations, reconnect, sign-up, session-cookie',
    );
  });

  test('good values are typed', () => {
    const config = parseSuiteConfig({
      BASE_URL: 'https://chat.example.com',
      WS_URL_PATTERN: '/\\/socket$/i',
      PARALLEL_USERS: '20',
      USER_SOURCE: 'env',
      TEST_USERS: 'alice:secret-1, bob:secret:with:colons',
    });
    expect(config.BASE_URL).toBe('https://chat.example.com');
    expect(config.PARALLEL_USERS).toBe(20);
    expect(config.TEST_USERS).toEqual([
      { name: 'alice', password: 'secret-1' },
      { name: 'bob', password: 'secret:with:colons' },
    ]);
  });

  test('blank values count as unset', () => {
    expect(parseSuiteConfig({ BASE_URL: '', PARALLEL_USERS: '  ' }).PARALLEL_USERS).toBe(10);
  });

  const wrong: [variable: string, value: string, allowed: RegExp][] = [
    ['BASE_URL', 'chat.example.com', /http\(s\) URL/],
    ['BASE_URL', 'ftp://chat.example.com', /http\(s\) URL/],
    ['WS_URL_PATTERN', '/[unclosed/', /glob .* or a \/regex\//],
    ['STREAM_URL_PATTERN', '/[unclosed/', /glob .* or a \/regex\//],
    ['EVENT_DECODER', 'events/decoders/nope.ts', /built-in pack \(reference, flat, ai-sdk, ag-ui\) or the path of a decoder module that exists/],
    ['TRANSPORT', 'grpc', /ws .* or sse/],
    ['USER_SOURCE', 'ldap', /register .* or env/],
    ['TEST_USERS', 'alice', /name:password pairs/],
    ['PARALLEL_USERS', 'ten', /whole number of users from 1 to 100/],
    ['PARALLEL_USERS', '0', /at least 1 users/],
    ['PARALLEL_USERS', '101', /at most 100 users/],
    ['EVENT_TIMEOUT_MS', '15s', /whole number of milliseconds/],
    ['EVENT_TAP', 'yes', /on or off/],
    ['LATENCY_BUDGET_STARTED_MS', '-1', /whole number of milliseconds/],
    ['LATENCY_BUDGET_COMPLETED_MS', '1.5', /whole number of milliseconds/],
    ['AGENT_STEP_MS', '99999', /at most 5000 milliseconds/],
  ];
  for (const [variable, value, allowed] of wrong) {
    test(`${variable}=${value} is refused with the variable, the value and what is allowed`, () => {
      const parse = () => parseSuiteConfig({ [variable]: value });
      expect(parse).toThrow(ConfigError);
      expect(parse).toThrow(new RegExp(`${variable}=${JSON.stringify(value).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: .*${allowed.source}`));
    });
  }

  test('USER_SOURCE=env without TEST_USERS names the missing variable', () => {
    expect(() => parseSuiteConfig({ USER_SOURCE: 'env' })).toThrow(/TEST_USERS: is required when USER_SOURCE=env/);
  });

  test('every wrong variable is reported at once', () => {
    expect(() => parseSuiteConfig({ PARALLEL_USERS: 'x', EVENT_TAP: 'maybe' })).toThrow(/PARALLEL_USERS=.*\n.*EVENT_TAP=/);
  });
});
