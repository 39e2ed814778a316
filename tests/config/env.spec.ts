import { expect, test } from '@playwright/test';
import { ConfigError, parseSuiteConfig } from '../../lib/config/env.ts';

test.describe('suite configuration (.env)', () => {
  test('an empty environment gives the documented defaults', () => {
    expect(parseSuiteConfig({})).toEqual({
      WS_URL_PATTERN: '**/ws',
      STREAM_URL_PATTERN: '**/api/sse',
      EVENT_DECODER: 'reference',
      USER_SOURCE: 'register',
      PARALLEL_USERS: 10,
      EVENT_TIMEOUT_MS: 15_000,
      SIGN_IN_AT_ONCE: 4,
      SIGN_IN_TIMEOUT_MS: 20_000,
      EVENT_TAP: 'on',
      LATENCY_BUDGET_STARTED_MS: 1_000,
      LATENCY_BUDGET_COMPLETED_MS: 5_000,
      LATENCY_MIN_RUNS: 20,
      AGENT_STEP_MS: 60,
      FAULTS: '',
      TARGET_FEATURES: ['history', 'conversations', 'reconnect', 'sign-up', 'session-cookie', 'sign-in-form', 'sign-out', 'session-push'],
      AUTH: 'api',
      AUTH_SIGN_IN_PATH: '/api/login',
      AUTH_SIGN_UP_PATH: '/api/register',
      AUTH_SIGN_OUT_PATH: '/api/logout',
      AUTH_NAME_FIELD: 'name',
      AUTH_PASSWORD_FIELD: 'password',
      STORAGE_STATE_DIR: '.auth',
      TRANSPORT: 'ws',
    });
  });

  test('TARGET_FEATURES lists what the target has, or none; an unknown feature names the variable and the known ones', () => {
    expect(parseSuiteConfig({ TARGET_FEATURES: 'reconnect, history' }).TARGET_FEATURES).toEqual(['reconnect', 'history']);
    expect(parseSuiteConfig({ TARGET_FEATURES: 'none' }).TARGET_FEATURES).toEqual([]);
    expect(() => parseSuiteConfig({ TARGET_FEATURES: 'history,voice' })).toThrow(
      'TARGET_FEATURES="history,voice": expected a comma-separated list of history, conversations, reconnect, sign-up, session-cookie, sign-in-form, sign-out, session-push',
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
    ['EVENT_DECODER', 'events/decoders/nope.ts', /built-in pack \(reference, flat, ai-sdk, ai-sdk-4, ag-ui\) or the path of a decoder module that exists/],
    ['TRANSPORT', 'grpc', /ws .* or sse/],
    ['USER_SOURCE', 'ldap', /register .*, env .* or guests/],
    ['TEST_USERS', 'alice', /name:password pairs/],
    ['PARALLEL_USERS', 'ten', /whole number of users from 1 to 100/],
    ['PARALLEL_USERS', '0', /at least 1 users/],
    ['PARALLEL_USERS', '101', /at most 100 users/],
    ['EVENT_TIMEOUT_MS', '15s', /whole number of milliseconds/],
    ['EVENT_TAP', 'yes', /on or off/],
    ['SIGN_IN_AT_ONCE', '0', /at least 1 accounts/],
    ['SIGN_IN_TIMEOUT_MS', '20s', /whole number of milliseconds/],
    ['LATENCY_BUDGET_STARTED_MS', '-1', /whole number of milliseconds/],
    ['LATENCY_BUDGET_COMPLETED_MS', '1.5', /whole number of milliseconds/],
    ['AGENT_STEP_MS', '99999', /at most 5000 milliseconds/],
    ['AUTH', 'oauth', /api .*, ui .* or storage-state/],
    ['AUTH_SIGN_IN_PATH', 'api/login', /path on the product's origin starting with \//],
    ['AUTH_NAME_FIELD', 'e mail', /name of a JSON field of the sign-in body, e\.g\. name or email/],
    ['WEB_SERVER_URL', 'localhost:3000', /http\(s\) URL that answers once the product is up/],
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

  test('USER_SOURCE=guests: no accounts, so TEST_USERS is refused, naming why', () => {
    expect(parseSuiteConfig({ USER_SOURCE: 'guests' }).USER_SOURCE).toBe('guests');
    expect(() => parseSuiteConfig({ USER_SOURCE: 'guests', TEST_USERS: 'qa-01:one' })).toThrow(/TEST_USERS="qa-01:one": is not read with USER_SOURCE=guests: every user is a new guest/);
  });

  test('sign-in settings: a target signs in through its screen, or with states a person saved, named without passwords', () => {
    const ui = parseSuiteConfig({ AUTH: 'ui', USER_SOURCE: 'env', TEST_USERS: 'qa-01:one,qa-02:two', AUTH_SIGN_IN_PATH: '/auth/sign-in' });
    expect(ui.AUTH).toBe('ui');
    expect(ui.AUTH_SIGN_IN_PATH).toBe('/auth/sign-in');
    const saved = parseSuiteConfig({ AUTH: 'storage-state', USER_SOURCE: 'env', TEST_USERS: 'alice,bob', STORAGE_STATE_DIR: 'playwright/.auth' });
    expect(saved.TEST_USERS).toEqual([{ name: 'alice', password: '' }, { name: 'bob', password: '' }]);
    expect(() => parseSuiteConfig({ USER_SOURCE: 'env', TEST_USERS: 'alice:one,bob' })).toThrow(/TEST_USERS="alice:one,bob": expected name:password pairs: bob has no password \(only AUTH=storage-state/);
    expect(() => parseSuiteConfig({ AUTH: 'storage-state' })).toThrow(/USER_SOURCE: must be env with AUTH=storage-state/);
  });

  test('WEB_SERVER_COMMAND starts a target at BASE_URL, and says so when BASE_URL is missing', () => {
    const config = parseSuiteConfig({ BASE_URL: 'http://127.0.0.1:4301', WEB_SERVER_COMMAND: 'node server.js', WEB_SERVER_URL: 'http://127.0.0.1:4301/health' });
    expect(config.WEB_SERVER_COMMAND).toBe('node server.js');
    expect(() => parseSuiteConfig({ WEB_SERVER_COMMAND: 'node server.js' })).toThrow(/WEB_SERVER_COMMAND="node server.js": needs BASE_URL/);
  });

  test('every wrong variable is reported at once', () => {
    expect(() => parseSuiteConfig({ PARALLEL_USERS: 'x', EVENT_TAP: 'maybe' })).toThrow(/PARALLEL_USERS=.*\n.*EVENT_TAP=/);
  });
});
