import { test } from '@playwright/test';

/**
 * Wraps a page-object method in a boxed `test.step`, so reports and traces read as the user's
 * intentions and a failure points at the spec line that asked for it. Outside a test (a load's
 * virtual user, tools/load/) there is no report to step in, and the method runs as it is.
 */
function inATest(): boolean {
  try {
    test.info();
    return true;
  } catch {
    return false;
  }
}

export function step(title: string) {
  return function decorate<This, Args extends unknown[], Return>(
    method: (this: This, ...args: Args) => Promise<Return>,
    _context: ClassMethodDecoratorContext<This, (this: This, ...args: Args) => Promise<Return>>,
  ) {
    return function stepped(this: This, ...args: Args): Promise<Return> {
      const detail = typeof args[0] === 'string' ? `: ${args[0].slice(0, 80)}` : '';
      if (!inATest()) return method.apply(this, args);
      return test.step(`${title}${detail}`, () => method.apply(this, args), { box: true });
    };
  };
}
