import { expect, test } from '@playwright/test';
import { firstLines } from '../../lib/reporting/text.ts';

test.describe('report text', () => {
  test('a product\'s whole error page is quoted by its first lines only, saying how many more there were', () => {
    const page = ['<!DOCTYPE html>', '<html>', '', '<head><title>502 Bad Gateway</title></head>', '<body>', `<p>${'x'.repeat(400)}</p>`, '</body>', '</html>'].join('\n');
    expect(firstLines(page, 3)).toBe('<!DOCTYPE html> / <html> / <head><title>502 Bad Gateway</title></head> / … (4 more lines)');
    expect(firstLines('{"error":"Wrong username or password"}', 3)).toBe('{"error":"Wrong username or password"}');
    expect(firstLines('y'.repeat(300), 1, 20)).toBe(`${'y'.repeat(19)}…`);
  });
});
