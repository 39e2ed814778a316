/**
 * Bundles the trip planner's page (ui/main.tsx: React, @ai-sdk/react 1.x) into dist/ with esbuild,
 * from this folder's own node_modules (ai@4 and its React hook, apart from the suite's ai@6).
 *
 *   npm --prefix targets/examples/ai-sdk-4-chat ci && node --import tsx targets/examples/ai-sdk-4-chat/build.ts
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
await build({
  entryPoints: [path.join(here, 'ui', 'main.tsx'), path.join(here, 'ui', 'main.css')],
  outdir: path.join(here, 'dist'),
  absWorkingDir: here,
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: ['es2023'],
  jsx: 'automatic',
  minify: true,
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
});
console.log('built targets/examples/ai-sdk-4-chat/dist');
