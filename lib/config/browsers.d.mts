export type BrowserChoice =
  | { available: true; source: string; executablePath: string; channel?: string }
  | { available: false; reason: string };

export declare const CHROMIUM_CLOSED_NETWORK_ARGS: string[];
export declare function launchOptionsFor(name: 'chromium' | 'firefox' | 'webkit', choice: { executablePath: string; channel?: string }): { executablePath: string; channel?: string; args?: string[] };
export declare function browserProjectNames(choices: Record<'chromium' | 'firefox' | 'webkit', { available: boolean }>, target: { embeddedApp: boolean }): string[];
export declare const SYSTEM_BROWSERS: Record<'chromium' | 'firefox', { executablePath: string; aptPackage: string }>;
export declare function chooseBrowsers(playwright: {
  chromium: { executablePath(): string };
  firefox: { executablePath(): string };
  webkit: { executablePath(): string };
}): Record<'chromium' | 'firefox' | 'webkit', BrowserChoice>;
