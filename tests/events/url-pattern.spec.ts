import { expect, test } from '@playwright/test';
import { matchesUrlPattern, parseUrlPattern } from '../../lib/events/url-pattern.ts';

test.describe('socket URL patterns', { tag: '@unit' }, () => {
  test('**/ws matches the socket at /ws on any host, and nothing else', () => {
    expect(matchesUrlPattern('ws://127.0.0.1:4321/ws', '**/ws')).toBe(true);
    expect(matchesUrlPattern('wss://x.example/ws', '**/ws')).toBe(true);
    expect(matchesUrlPattern('ws://h/ws/other', '**/ws')).toBe(false);
    expect(matchesUrlPattern('ws://h/wsx', '**/ws')).toBe(false);
  });

  test('* stops at a slash, ? is a literal question mark, {a,b} is one of the alternatives', () => {
    expect(matchesUrlPattern('wss://chat.example/ws', 'wss://*.example/ws')).toBe(true);
    expect(matchesUrlPattern('wss://a/b.example/ws', 'wss://*.example/ws')).toBe(false);
    expect(matchesUrlPattern('ws://h/ws?token=1', '**/ws?token=*')).toBe(true);
    expect(matchesUrlPattern('ws://h/wsXtoken=1', '**/ws?token=*')).toBe(false);
    expect(matchesUrlPattern('ws://h/socket', '**/{ws,socket}')).toBe(true);
    expect(matchesUrlPattern('ws://h/events', '**/{ws,socket}')).toBe(false);
    expect(matchesUrlPattern('ws://h/a.b', '**/a.b')).toBe(true);
    expect(matchesUrlPattern('ws://h/axb', '**/a.b')).toBe(false);
  });

  test('/…/flags is a regular expression', () => {
    expect(matchesUrlPattern('wss://x.example/WS', '/\\/ws$/i')).toBe(true);
    expect(matchesUrlPattern('wss://x.example/ws/other', '/\\/ws$/')).toBe(false);
    const global = parseUrlPattern('/ws/g');
    expect([global.test('ws://h/ws'), global.test('ws://h/ws')]).toEqual([true, true]);
  });

  test('a path-like glob with no regex flags stays a glob', () => {
    expect(parseUrlPattern('/api/*').source).toBe(String.raw`^\/api\/[^/]*$`);
  });

  test('an invalid pattern throws a clear error', () => {
    expect(() => parseUrlPattern('/ws(/')).toThrow(/^invalid regular expression \/ws\(\/: Invalid regular expression: /);
    expect(() => parseUrlPattern('**/{ws,socket')).toThrow(`invalid glob "**/{ws,socket": '{' without a closing '}'`);
  });
});
