/** How a command stops when it cannot do its job: its name, the reason, and exit code 2 ("no verdict"). */
export type Fail = (message: string) => never;

/** Declare the result as `const fail: Fail = failing('gate')`: TypeScript ends a path at a call only when the callee's type is written out. */
export const failing =
  (command: string): Fail =>
  (message) => {
    console.error(`[${command}] ${message}`);
    process.exit(2);
  };
