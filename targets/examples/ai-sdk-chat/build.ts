/**
 * Bundles the chat UI (ui/main.tsx: React, @ai-sdk/react, ai) with esbuild into dist/, which the
 * server serves: dist/main.js (with its source map) and dist/style.css.
 *
 *   node --import tsx targets/examples/ai-sdk-chat/build.ts
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));

await build({
  entryPoints: [path.join(here, 'ui', 'main.tsx'), path.join(here, 'ui', 'style.css')],
  outdir: path.join(here, 'dist'),
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: ['es2022'],
  jsx: 'automatic',
  sourcemap: 'linked',
  minify: true,
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
});
console.log(`built ${path.relative(process.cwd(), path.join(here, 'dist')) || 'dist'}`);
