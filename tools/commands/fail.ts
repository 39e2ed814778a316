/**
 * The shape every command (tools/commands/*.ts) shares: it reads its arguments, calls the logic of
 * its room, and exits with the code that logic returns, through runCommand; when it cannot do its
 * job it stops with `fail`: its name, the reason, and exit code 2 ("no verdict").
 */
import { pathToFileURL } from 'node:url';

export type Fail = (message: string) => never;

/** Exit code of a command that could not judge at all (a bad option, a missing report). */
export const NO_VERDICT = 2;

/** Declare the result as `const fail: Fail = failing('gate')`: TypeScript ends a path at a call only when the callee's type is written out. */
export const failing =
  (command: string): Fail =>
  (message) => {
    console.error(`[${command}] ${message}`);
    process.exit(NO_VERDICT);
  };

/**
 * A command's entry: when `moduleUrl` is the script Node was asked to run (not a module a test
 * imports), runs `main` with the command line's arguments and exits with its code, explicitly
 * (an HTTP keep-alive connection or a timer left behind must not hold the command). An error
 * `main` did not expect is printed whole, with the command's name: exit 2.
 */
export async function runCommand(moduleUrl: string, command: string, main: (argv: string[]) => number | Promise<number>): Promise<void> {
  if (moduleUrl !== pathToFileURL(process.argv[1] ?? '').href) return;
  let code: number;
  try {
    code = await main(process.argv.slice(2));
  } catch (error) {
    console.error(`[${command}] stopped by an unexpected error:`, error);
    code = NO_VERDICT;
  }
  process.exit(code);
}
