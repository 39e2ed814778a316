/**
 * The product features a target may or may not have. A spec of a feature carries its tag
 * (`@history`, ...); a target declares what it has in TARGET_FEATURES, and a spec of a feature it
 * lacks is skipped with that reason (fixtures/features.ts), shown as "not covered", never passed.
 * What the agent does (its tools, answers, limits) is the target's conversations file instead
 * (lib/conversations/), behaviour by behaviour.
 */
export const TARGET_FEATURES = {
  history: "a conversation's transcript comes back after a reload",
  conversations: 'a list of the conversations to switch between',
  reconnect: 'the UI reconnects a dropped connection and resumes the run',
  'sign-up': 'a new account can be created from the sign-in screen',
  'session-cookie': 'the session is an HttpOnly cookie',
  'sign-in-form': 'users sign in with a name and a password on the sign-in screen (not only through single sign-on)',
  'sign-out': 'a signed-in user can sign out of the chat',
  'session-push': 'the open page learns at once when the server ends its session',
} as const;

export type TargetFeature = keyof typeof TARGET_FEATURES;
export const FEATURE_NAMES = Object.keys(TARGET_FEATURES) as TargetFeature[];

/** The reason a spec of `missing` features is skipped; the gate counts skips that start this way as "not covered". */
export const NOT_COVERED = 'not covered:';
export const notCoveredBecause = (missing: readonly TargetFeature[]): string =>
  `${NOT_COVERED} the target declares no ${missing.join(', ')} (TARGET_FEATURES)`;
