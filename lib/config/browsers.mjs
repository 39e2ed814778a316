// Which browser each e2e project runs, decided once for setup and for playwright.config.ts.
// Playwright's own build wins when it is installed; otherwise Debian's package, driven as
// Playwright documents (Chromium over CDP with an executablePath, Firefox ESR over WebDriver BiDi).
import { existsSync } from 'node:fs';

/** Flags Chromium needs on a machine whose network is closed: no background calls home. */
export const CHROMIUM_CLOSED_NETWORK_ARGS = [
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];

/**
 * The launch options of a chosen browser, the same for the suite's projects and for a spec that
 * launches an engine itself: the build, its channel (Firefox ESR over BiDi), Chromium's flags.
 * @param {'chromium' | 'firefox' | 'webkit'} name
 * @param {{ executablePath: string, channel?: string }} choice
 */
export function launchOptionsFor(name, choice) {
  return {
    executablePath: choice.executablePath,
    ...(choice.channel ? { channel: choice.channel } : {}),
    ...(name === 'chromium' ? { args: CHROMIUM_CLOSED_NETWORK_ARGS } : {}),
  };
}

/**
 * The browser projects of playwright.config.ts, for the browsers present: the product specs per
 * browser (e2e/), cross-browser when both engines are, and per browser the tap's self-tests
 * (self-tests/), which check the tap against the embedded reference app's own wire and so exist
 * only when the suite runs against it (BASE_URL unset).
 * @param {Record<'chromium' | 'firefox' | 'webkit', { available: boolean }>} choices
 * @param {{ embeddedApp: boolean }} target
 */
export function browserProjectNames(choices, { embeddedApp }) {
  const present = /** @type {const} */ (['chromium', 'firefox', 'webkit']).filter((name) => choices[name].available);
  return [
    ...present,
    ...(choices.chromium.available && choices.firefox.available ? ['cross-browser'] : []),
    ...(embeddedApp ? present.map((name) => `${name}-self-tests`) : []),
  ];
}

export const SYSTEM_BROWSERS = {
  chromium: { executablePath: '/usr/bin/chromium', aptPackage: 'chromium' },
  firefox: { executablePath: '/usr/bin/firefox-esr', aptPackage: 'firefox-esr' },
};

/**
 * @param {{ chromium: { executablePath(): string }, firefox: { executablePath(): string }, webkit: { executablePath(): string } }} playwright
 * @returns {Record<'chromium' | 'firefox' | 'webkit', import('./browsers.d.mts').BrowserChoice>}
 */
export function chooseBrowsers(playwright) {
  const own = (name) => {
    try {
      const executablePath = playwright[name].executablePath();
      return existsSync(executablePath) ? executablePath : undefined;
    } catch {
      return undefined;
    }
  };
  const system = (name) => (existsSync(SYSTEM_BROWSERS[name].executablePath) ? SYSTEM_BROWSERS[name].executablePath : undefined);

  const chromiumOwn = own('chromium');
  const chromiumSystem = system('chromium');
  const firefoxOwn = own('firefox');
  const firefoxSystem = system('firefox');
  const webkitOwn = own('webkit');
  return {
    chromium: chromiumOwn
      ? { available: true, source: "Playwright's Chromium", executablePath: chromiumOwn }
      : chromiumSystem
        ? { available: true, source: "Debian's chromium", executablePath: chromiumSystem }
        : { available: false, reason: `neither Playwright's Chromium nor ${SYSTEM_BROWSERS.chromium.executablePath} is installed (run: apt-get install -y chromium)` },
    firefox: firefoxOwn
      ? { available: true, source: "Playwright's Firefox", executablePath: firefoxOwn }
      : firefoxSystem
        ? { available: true, source: "Debian's firefox-esr over WebDriver BiDi", executablePath: firefoxSystem, channel: 'moz-firefox' }
        : { available: false, reason: `neither Playwright's Firefox nor ${SYSTEM_BROWSERS.firefox.executablePath} is installed (run: apt-get install -y firefox-esr)` },
    webkit: webkitOwn
      ? { available: true, source: "Playwright's WebKit", executablePath: webkitOwn }
      : { available: false, reason: "Playwright's WebKit is not installed and no system WebKit can be driven here" },
  };
}
