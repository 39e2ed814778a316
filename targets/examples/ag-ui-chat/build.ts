/**
 * Bundles the page (ui/main.ts and ui/styles.css) with esbuild into dist/, beside the HTML the
 * server fills in. `node --import tsx targets/examples/ag-ui-chat/build.ts`.
 *
 * Each file is written beside its place and renamed over it, so a server starting while another
 * build runs (two set-ups at once) never finds a file missing or half written.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.join(here, 'dist');

function put(file: string, contents: Uint8Array | string): void {
  const temporary = `${file}.${String(process.pid)}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, file);
}

mkdirSync(dist, { recursive: true });
const result = await build({
  absWorkingDir: here,
  entryPoints: [
    { in: 'ui/main.ts', out: 'main' },
    { in: 'ui/styles.css', out: 'main' },
  ],
  outdir: dist,
  bundle: true,
  // ui/run.ts (the AG-UI client, most of the bundle) becomes a chunk the page loads once the chat shows.
  splitting: true,
  chunkNames: 'chunk-[hash]',
  format: 'esm',
  platform: 'browser',
  target: ['es2022'],
  minify: true,
  sourcemap: 'linked',
  logLevel: 'warning',
  write: false,
});
for (const output of result.outputFiles) put(output.path, output.contents);
put(path.join(dist, 'index.html'), readFileSync(path.join(here, 'ui', 'index.html')));
// Chunks of earlier builds (their names are hashes): nothing this build wrote refers to them.
const written = new Set([...result.outputFiles.map((output) => path.basename(output.path)), 'index.html']);
for (const file of readdirSync(dist)) if (!written.has(file) && !file.endsWith('.tmp')) rmSync(path.join(dist, file), { force: true });
process.stdout.write(`built ${path.relative(process.cwd(), dist)}\n`);
