import { chromium, expect, firefox, test, webkit } from '@playwright/test';
import { chooseBrowsers, launchOptionsFor } from '../../lib/config/browsers.mjs';
import { chatScreen, signInScreen } from '../../pages/index.ts';
import { whatOpens } from '../../lib/sign-in/sign-in.ts';

/**
 * What a product opens at `/`, through the built-in page objects, on pages served here: its chat,
 * its chat for a guest (where a saved state that no longer signs in would otherwise pass as the
 * account), or its sign-in screen.
 */
const PRODUCT = 'http://product.test';
const CHAT = '<label for="message">Message</label><textarea id="message"></textarea><button>Send</button>';
const SIGN_IN = '<form><label for="username">Username</label><input id="username"><label for="password">Password</label><input id="password" type="password"><button>Sign in</button></form>';
const screens = { chatScreen, signInScreen };
// The unit project names no browser: the one the suite requires, as the set-up found it.
const { chromium: browser } = chooseBrowsers({ chromium, firefox, webkit });
test.use({ baseURL: PRODUCT, ...(browser.available ? { launchOptions: launchOptionsFor('chromium', browser) } : {}) });

test.describe('what a product opens (whatOpens)', () => {
  for (const [body, opened] of [
    [CHAT, 'chat'],
    [`<header><button>Sign in</button></header>${CHAT}`, 'guest chat'],
    [SIGN_IN, 'sign-in screen'],
  ] as const) {
    test(`a page with ${opened === 'guest chat' ? 'the chat and a Sign in button' : `the ${opened} alone`} is its ${opened}`, async ({ page }) => {
      await page.route(`${PRODUCT}/**`, (route) => route.fulfill({ contentType: 'text/html', body: `<!doctype html><main>${body}</main>` }));
      expect(await whatOpens(page, screens)).toBe(opened);
    });
  }
});
