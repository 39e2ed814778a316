/**
 * The in-page tap (./page/) as one init script. Its modules are bundled into one IIFE by esbuild,
 * as Playwright bundles its own injected scripts (packages/injected/, utils/generate_injected.js),
 * but here at run time, once per process, when the first context is tapped: no generated file to
 * keep fresh, and an edited page module is what the next run injects. The bundle takes ~30 ms
 * (docs/tap.md, "How the page modules are bundled").
 */
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import type { PageTapOptions } from './page/index.ts';

const ENTRY = fileURLToPath(new URL('./page/index.ts', import.meta.url));
/** The bundle's name for the entry's exports, local to the init script's own function. */
const BUNDLE_NAME = 'chatE2eTapModule';

let bundle: Promise<string> | undefined;

async function bundlePageTap(): Promise<string> {
  const result = await build({
    entryPoints: [ENTRY],
    bundle: true,
    write: false,
    format: 'iife',
    globalName: BUNDLE_NAME,
    platform: 'browser',
    target: 'es2022',
    // Not minified: a page error or a slow-script warning then names the tap's own functions.
    minify: false,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error(`chat-e2e tap: esbuild produced no bundle from ${ENTRY}`);
  return output.text;
}

/** The tap's bundled page code, built once per process. */
export function pageTapBundle(): Promise<string> {
  bundle ??= bundlePageTap();
  return bundle;
}

/** The init script that installs the tap with `options` in a page: the bundle, then its call, in a function of their own. */
export async function pageTapScript(options: PageTapOptions): Promise<string> {
  return `(() => {\n${await pageTapBundle()}\n${BUNDLE_NAME}.installPageTap(${JSON.stringify(options)});\n})();\n`;
}
