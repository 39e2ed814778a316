import { test } from '@playwright/test';
import { expect } from '../../lib/matchers/index.ts';
import { firstShrink } from '../../lib/events/answer-growth.ts';

test.describe('an answer never shrinks', () => {
  test('states that each start with the one before grew; one state, or none, grew too', () => {
    expect(firstShrink(['The', 'The result', 'The result is 84.'])).toBeUndefined();
    expect(firstShrink(['The result is 84.'])).toBeUndefined();
    expect(firstShrink([])).toBeUndefined();
  });

  test('a state replaced by one it does not start with is the first shrink, whether shorter or rewritten', () => {
    expect(firstShrink(['For', 'Forecast (draft)', 'Forecast', 'Forecast for Paris'])).toEqual({ index: 2, count: 4, before: 'Forecast (draft)', after: 'Forecast' });
    expect(firstShrink(['12', '13 apples'])).toEqual({ index: 1, count: 2, before: '12', after: '13 apples' });
  });

  test('toOnlyGrow fails naming the state, what it was and what replaced it', () => {
    expect(['a', 'ab', 'abc']).toOnlyGrow();
    expect(() => {
      expect(['Fore', 'Forecast (a draft the server takes back)', 'Forecast']).toOnlyGrow();
    }).toThrow('the answer on screen shrank while it streamed: state 2 of 3, "Forecast (a draft the server takes back)", became "Forecast", which does not start with it');
  });
});
