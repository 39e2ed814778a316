/**
 * Which projects a `playwright test` command line selects, as Playwright matches `--project`
 * (case-insensitive, `*` a wildcard; none given: every project): so that playwright.config.ts
 * starts its webServer only for a run that has a project needing the system under test.
 */

/** The values of every `--project` option (`--project x`, `--project=x`), in order. */
export function projectOptions(argv: readonly string[]): string[] {
  return argv.flatMap((argument, index) => {
    if (argument.startsWith('--project=')) return [argument.slice('--project='.length)];
    const value = argv[index + 1];
    return argument === '--project' && value !== undefined ? [value] : [];
  });
}

const matcher = (pattern: string): RegExp => new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'i');

/** The projects of `names` that `argv` selects. */
export function selectedProjects(argv: readonly string[], names: readonly string[]): string[] {
  const patterns = projectOptions(argv).map(matcher);
  return patterns.length === 0 ? [...names] : names.filter((name) => patterns.some((pattern) => pattern.test(name)));
}

/** Whether a run of `argv` needs the system under test: unless it selects projects, and all of them are in `appless`. */
export function runNeedsApp(argv: readonly string[], names: readonly string[], appless: readonly string[]): boolean {
  const selected = selectedProjects(argv, names);
  return selected.length === 0 || selected.some((name) => !appless.includes(name));
}
