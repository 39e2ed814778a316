/** The web UI: `ui/main.ts` bundled with esbuild's API at startup, into memory; CSS and HTML from files. */
import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

export interface UiAssets {
  js: string;
  css: string;
  /** The page, with the UI's configuration (its faults) as a JSON data block. */
  html(config: Record<string, unknown>): string;
}

const uiDir = (name: string): string => fileURLToPath(new URL(`./ui/${name}`, import.meta.url));

async function load(): Promise<UiAssets> {
  const [bundle, css, template] = await Promise.all([
    build({
      entryPoints: [uiDir('main.ts')],
      bundle: true,
      write: false,
      format: 'esm',
      target: 'es2022',
      platform: 'browser',
      sourcemap: 'inline',
      legalComments: 'none',
      logLevel: 'silent',
    }),
    readFile(uiDir('styles.css'), 'utf8'),
    readFile(uiDir('index.html'), 'utf8'),
  ]);
  const js = bundle.outputFiles[0]?.text;
  if (js === undefined) throw new Error('esbuild produced no bundle for app/ui/main.ts');
  return {
    js,
    css,
    html: (config) => template.replace('__APP_CONFIG__', () => JSON.stringify(config).replace(/</g, '\\u003c')),
  };
}

let cached: Promise<UiAssets> | undefined;

/** Built once per process and shared by every app started in it. */
export function uiAssets(): Promise<UiAssets> {
  cached ??= load().catch((error: unknown) => {
    cached = undefined;
    throw error;
  });
  return cached;
}
