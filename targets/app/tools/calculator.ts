/**
 * The calculator tool: a small recursive-descent parser for arithmetic.
 * It never evaluates code (no eval, no Function): anything that is not a number,
 * an operator or a parenthesis is a syntax error.
 *
 *   expr    := term (('+' | '-') term)*
 *   term    := unary (('*' | '/') unary)*
 *   unary   := ('-' | '+') unary | power
 *   power   := primary ('^' unary)?          right-associative: 2^3^2 = 2^(3^2)
 *   primary := number | '(' expr ')'
 *
 * As in mathematics, -2^2 = -(2^2) = -4, and 2^-1 = 0.5.
 */

export class CalculatorError extends Error {
  override name = 'CalculatorError';
}

type Token =
  | { kind: 'number'; value: number; text: string; pos: number }
  | { kind: 'op'; value: '+' | '-' | '*' | '/' | '^'; pos: number }
  | { kind: 'paren'; value: '(' | ')'; pos: number };

const MAX_DEPTH = 100;
const MAX_LENGTH = 1000;
const NUMBER = /\d+(?:\.\d*)?|\.\d+/y;

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const ch = input.charAt(i);
    if (/\s/.test(ch)) {
      i += 1;
      continue;
    }
    NUMBER.lastIndex = i;
    const num = NUMBER.exec(input);
    if (num) {
      tokens.push({ kind: 'number', value: Number(num[0]), text: num[0], pos: i });
      i += num[0].length;
      continue;
    }
    if (ch === '+' || ch === '-' || ch === '*' || ch === '/' || ch === '^') {
      tokens.push({ kind: 'op', value: ch, pos: i });
    } else if (ch === '×') {
      tokens.push({ kind: 'op', value: '*', pos: i });
    } else if (ch === '÷') {
      tokens.push({ kind: 'op', value: '/', pos: i });
    } else if (ch === '(' || ch === ')') {
      tokens.push({ kind: 'paren', value: ch, pos: i });
    } else {
      throw new CalculatorError(`Unexpected character "${ch}" at position ${i + 1}`);
    }
    i += 1;
  }
  return tokens;
}

function describe(token: Token | undefined): string {
  if (!token) return 'end of expression';
  return token.kind === 'number' ? `number ${token.text}` : `"${token.value}"`;
}

class Parser {
  private index = 0;
  private depth = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  parse(): number {
    const value = this.expr();
    const rest = this.tokens[this.index];
    if (rest) {
      throw new CalculatorError(`Unexpected ${describe(rest)} at position ${rest.pos + 1}`);
    }
    return value;
  }

  private peek(): Token | undefined {
    return this.tokens[this.index];
  }

  private isOp(...ops: string[]): boolean {
    const t = this.peek();
    return t !== undefined && t.kind === 'op' && ops.includes(t.value);
  }

  private enter(): void {
    this.depth += 1;
    if (this.depth > MAX_DEPTH) throw new CalculatorError('Expression is nested too deeply');
  }

  private expr(): number {
    let value = this.term();
    while (this.isOp('+', '-')) {
      const op = this.tokens[this.index++];
      const right = this.term();
      value = op?.value === '+' ? value + right : value - right;
    }
    return value;
  }

  private term(): number {
    let value = this.unary();
    while (this.isOp('*', '/')) {
      const op = this.tokens[this.index++];
      const right = this.unary();
      if (op?.value === '/') {
        if (right === 0) throw new CalculatorError('Division by zero');
        value = value / right;
      } else {
        value = value * right;
      }
    }
    return value;
  }

  private unary(): number {
    if (this.isOp('-', '+')) {
      const op = this.tokens[this.index++];
      this.enter();
      const operand = this.unary();
      this.depth -= 1;
      return op?.value === '-' ? -operand : operand;
    }
    return this.power();
  }

  private power(): number {
    const base = this.primary();
    if (this.isOp('^')) {
      this.index += 1;
      this.enter();
      const exponent = this.unary();
      this.depth -= 1;
      if (base === 0 && exponent < 0) throw new CalculatorError('Division by zero');
      return base ** exponent;
    }
    return base;
  }

  private primary(): number {
    const token = this.peek();
    if (token?.kind === 'number') {
      this.index += 1;
      return token.value;
    }
    if (token?.kind === 'paren' && token.value === '(') {
      this.index += 1;
      this.enter();
      const value = this.expr();
      this.depth -= 1;
      const close = this.peek();
      if (close?.kind !== 'paren' || close.value !== ')') {
        throw new CalculatorError(`Expected ")" but found ${describe(close)}`);
      }
      this.index += 1;
      return value;
    }
    const where = token ? ` at position ${token.pos + 1}` : '';
    throw new CalculatorError(`Expected a number but found ${describe(token)}${where}`);
  }
}

/** Rounds to at most 10 significant digits and prints the way people write numbers. */
export function formatNumber(value: number): string {
  const rounded = Number(value.toPrecision(10));
  return Object.is(rounded, -0) ? '0' : String(rounded);
}

/** Evaluates an arithmetic expression; throws CalculatorError on anything else. */
export function evaluate(expression: string): number {
  const input = expression.trim();
  if (input === '') throw new CalculatorError('Empty expression');
  if (input.length > MAX_LENGTH) throw new CalculatorError(`Expression is longer than ${MAX_LENGTH} characters`);
  const value = new Parser(tokenize(input)).parse();
  if (Number.isNaN(value)) throw new CalculatorError('The result is not a real number');
  if (!Number.isFinite(value)) throw new CalculatorError('The result is too large');
  return value;
}

/** The tool: `"2+2"` → `"4"`. */
export function calculate(expression: string): string {
  return formatNumber(evaluate(expression));
}
