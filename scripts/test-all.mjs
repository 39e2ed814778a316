// `npm test`: everything a release is gated on, each step run even when an earlier one failed,
// then a summary; the exit code is non-zero when any step failed.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const steps = [
  ['lint', 'npx', ['eslint', '.', '--max-warnings=0']],
  ['typecheck', 'npx', ['tsc', '--noEmit']],
  ['unit + e2e', 'npx', ['playwright', 'test']],
  ...(existsSync('scripts/faults.ts') ? [['fault-detection matrix', 'npx', ['tsx', 'scripts/faults.ts']]] : []),
];

const results = steps.map(([name, command, args]) => {
  console.log(`\n=== ${name}: ${command} ${args.join(' ')}`);
  const started = Date.now();
  const { status } = spawnSync(command, args, { stdio: 'inherit' });
  return { name, ok: status === 0, seconds: ((Date.now() - started) / 1000).toFixed(0) };
});

console.log('\n| step | result | seconds |\n| --- | --- | --- |');
for (const { name, ok, seconds } of results) console.log(`| ${name} | ${ok ? 'passed' : 'FAILED'} | ${seconds} |`);
process.exit(results.every(({ ok }) => ok) ? 0 : 1);
