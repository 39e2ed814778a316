/**
 * Why a test failed, as a category: a product bug (the agent's lifecycle, the screen, isolation,
 * the frames) or trouble in the test infrastructure (a timeout, the set-up). Allure's report
 * (allurerc.ts) and the release gate's failure list (gate/verdict.ts) both call categorize(),
 * so a failure lands in the same category in both.
 *
 * Each rule matches the failure message as our matchers, fixtures and Playwright word it. The
 * regexes are broad on purpose (a category that catches a little too much is better than a real
 * bug left uncategorized); the order decides, the first rule that matches wins. The first line is
 * tried before the whole message: it names the matcher that failed ("expect(received)
 * .toHaveCompleteRun(options)", "Test timeout of …"), while the lines below quote frames whose
 * payloads are the app's text and may contain any word.
 */
import { withoutAnsi } from './text.ts';


export type CategoryGroup = 'Product bug' | 'Test infrastructure';

export interface FailureCategory {
  /** Stable id (Allure keys its category tree on it). */
  id: string;
  group: CategoryGroup;
  /** What went wrong, e.g. "lifecycle broken". */
  kind: string;
  /** Matched against the failure message with ANSI colour codes removed. */
  message: RegExp;
}

export const FAILURE_CATEGORIES: readonly FailureCategory[] = [
  {
    // First: a leak is the most serious finding, and its message may also name events or frames.
    // The event tap reports "foreign event on <url>: #12 …"; toHaveNoForeignEvents names itself and counts
    // "5 foreign events".
    id: 'product-isolation-leak',
    group: 'Product bug',
    kind: 'isolation leak',
    message: /foreign events?\b|toHaveNoForeignEvents|another user|\bisolation\b|\bleak(s|ed)?\b/i,
  },
  {
    // The tap reports "malformed frame on <url>: #7 … — <decoder's reason>"; toHaveNoMalformedFrames names
    // itself. Not the bare word: the tap's opening line names its opt-out, allowMalformedFrames.
    id: 'product-malformed-frames',
    group: 'Product bug',
    kind: 'malformed frames',
    message: /malformed frames?\b|toHaveNoMalformedFrames/i,
  },
  {
    // Before the lifecycle rule: rule 6 messages quote events too ("… agent_completed.data.answer").
    // Playwright's web-first assertions start "expect(locator).toHaveText(expected) failed" and
    // carry "Timeout: 15000ms", which must not read as an infrastructure timeout.
    id: 'product-ui-mismatch',
    group: 'Product bug',
    kind: 'UI mismatch',
    message: /\brule 6\b|toMatchScreen|expect\((locator|page)\)|toHaveScreenshot/i,
  },
  {
    // Lifecycle rules 1-5 are named "rule N (…)" with the run and its frames; the run matchers
    // name themselves or speak of complete runs; any message that names an agent event is about
    // the lifecycle once the rules above did not match. expect.poll adds "Timeout … exceeded
    // while waiting on the predicate", which is why this rule comes before the timeout rule.
    id: 'product-lifecycle-broken',
    group: 'Product bug',
    kind: 'lifecycle broken',
    message: /\brule [1-5]\b|lifecycle|toHaveCompleteRun|toFollowLifecycle|toHaveEventSequence|complete runs?\b|\bagent_(started|thinking|completed|error)\b|\btool_(executing|completed)\b/i,
  },
  {
    // "Test timeout of 45000ms exceeded.", "locator.click: Timeout 30000ms exceeded.", a page
    // that died under the test: nothing was asserted, something did not answer in time.
    id: 'infrastructure-timeout',
    group: 'Test infrastructure',
    kind: 'timeout',
    message: /test timeout of \d+ms exceeded|timeout \d+ms exceeded|timed out|target page, context or browser has been closed/i,
  },
  {
    // The suite could not get going: the app's account API refused a fixture ("POST /api/register
    // answered 500"), the app or the remote browser was unreachable, a browser did not launch, the
    // configuration was rejected.
    id: 'infrastructure-setup',
    group: 'Test infrastructure',
    kind: 'set-up',
    message: /POST \/api\/\S+ answered|ECONNREFUSED|ECONNRESET|EADDRINUSE|ENOTFOUND|browserType\.(launch|connect)|Executable doesn't exist|Invalid configuration|USER_SOURCE|TEST_USERS|EVENT_DECODER|webServer|Protocol error|fixture/i,
  },
];

/** The message as Allure sees it: Playwright colours its messages, allure-playwright strips them. */

export const categoryTitle = (category: FailureCategory): string => `${category.group}: ${category.kind}`;

const firstMatch = (text: string): FailureCategory | undefined => FAILURE_CATEGORIES.find((category) => category.message.test(text));

/** The category of a failure message: by its first line if that says, else by all of it. */
export function categorize(message: string): FailureCategory | undefined {
  const plain = withoutAnsi(message);
  return firstMatch(plain.split('\n', 1)[0] ?? '') ?? firstMatch(plain);
}
