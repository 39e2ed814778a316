import { test, expect } from '@playwright/test';
import { calculate, CalculatorError, evaluate, formatNumber } from '../../targets/app/tools/calculator.ts';

test.describe('calculator tool', () => {
  const cases: [string, string][] = [
    ['2+2', '4'],
    ['2 + 3 * 4', '14'],
    ['(2 + 3) * 4', '20'],
    ['1/2', '0.5'],
    ['10 - 4 - 3', '3'],
    ['2^3^2', '512'],
    ['(2^3)^2', '64'],
    ['-2^2', '-4'],
    ['2^-1', '0.5'],
    ['--3', '3'],
    ['-(3 - 5) * 2', '4'],
    ['.5 + 1.25', '1.75'],
    ['1/3', '0.3333333333'],
    ['0.1 + 0.2', '0.3'],
    ['2/3*3', '2'],
    ['6 ÷ 4 × 2', '3'],
    ['  7  ', '7'],
    ['-0', '0'],
  ];
  for (const [expression, result] of cases) {
    test(`${expression} = ${result}`, () => {
      expect(calculate(expression)).toBe(result);
    });
  }

  test('keeps at most 10 significant digits', () => {
    expect(formatNumber(123456789.123456)).toBe('123456789.1');
    expect(formatNumber(2 / 3)).toBe('0.6666666667');
  });

  const errors: [string, RegExp][] = [
    ['', /Empty expression/],
    ['   ', /Empty expression/],
    ['1/0', /Division by zero/],
    ['5 / (2 - 2)', /Division by zero/],
    ['0^-1', /Division by zero/],
    ['2 +', /Expected a number but found end of expression/],
    ['(1 + 2', /Expected "\)"/],
    ['1 + 2)', /Unexpected "\)"/],
    ['2 3', /Unexpected number 3/],
    ['1.2.3', /Unexpected number .3/],
    ['*3', /Expected a number but found "\*"/],
    ['(-8)^(1/3)', /not a real number/],
    ['10^400', /too large/],
  ];
  for (const [expression, message] of errors) {
    test(`"${expression}" is an error: ${message.source}`, () => {
      expect(() => calculate(expression)).toThrow(CalculatorError);
      expect(() => calculate(expression)).toThrow(message);
    });
  }

  test('never evaluates code: anything but arithmetic is a syntax error', () => {
    // Were any of these evaluated, the worker would exit or the global would be set.
    for (const code of ['process.exit()', 'globalThis.calcPwned = 1', '1; process.exit(1)', 'Math.PI', '1 + constructor', '`1`', '2**3', '(() => 1)()']) {
      expect(() => evaluate(code), code).toThrow(CalculatorError);
    }
    expect('calcPwned' in globalThis).toBe(false);
    expect(() => evaluate('process.exit()')).toThrow(/Unexpected character "p" at position 1/);
  });

  test('deep nesting is refused instead of overflowing the stack', () => {
    expect(calculate(`${'('.repeat(50)}1${')'.repeat(50)}`)).toBe('1');
    expect(() => calculate(`${'('.repeat(200)}1${')'.repeat(200)}`)).toThrow(/nested too deeply/);
    expect(() => calculate(`${'('.repeat(5000)}1${')'.repeat(5000)}`)).toThrow(/longer than 1000 characters/);
    expect(() => calculate(`${'-'.repeat(500)}1`)).toThrow(/nested too deeply/);
  });
});
