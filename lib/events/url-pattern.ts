/**
 * WS_URL_PATTERN and STREAM_URL_PATTERN: which sockets and streamed responses to tap. `/…/flags` is a regular expression; anything else is a
 * glob as Playwright documents it: `**` any characters including `/`, `*` any characters but `/`,
 * `?` a literal question mark, `{a,b}` one of the alternatives.
 */

const REGEX_LITERAL = /^\/(.+)\/([dgimsuvy]*)$/s;

function globToRegExp(glob: string): RegExp {
  let source = '';
  let inAlternatives = false;
  for (let i = 0; i < glob.length; i++) {
    const char = glob.charAt(i);
    if (char === '*' && glob.charAt(i + 1) === '*') {
      source += '.*';
      i++;
    } else if (char === '*') {
      source += '[^/]*';
    } else if (char === '{' && !inAlternatives) {
      source += '(?:';
      inAlternatives = true;
    } else if (char === '}' && inAlternatives) {
      source += ')';
      inAlternatives = false;
    } else if (char === ',' && inAlternatives) {
      source += '|';
    } else {
      source += char.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    }
  }
  if (inAlternatives) throw new Error(`invalid glob ${JSON.stringify(glob)}: '{' without a closing '}'`);
  return new RegExp(`^${source}$`);
}

/** The pattern as a RegExp; throws a clear error for an invalid regular expression. */
export function parseUrlPattern(pattern: string): RegExp {
  const literal = REGEX_LITERAL.exec(pattern);
  if (!literal) return globToRegExp(pattern);
  const [, body = '', flags = ''] = literal;
  try {
    // Without `g`: a global RegExp remembers lastIndex between test() calls and would skip matches.
    return new RegExp(body, flags.replace('g', ''));
  } catch (error) {
    throw new Error(`invalid regular expression ${pattern}: ${(error as Error).message}`, { cause: error });
  }
}

export function matchesUrlPattern(url: string, pattern: string): boolean {
  return parseUrlPattern(pattern).test(url);
}

/** Whether a URL is one of the tapped streams: a socket of WS_URL_PATTERN or a response of STREAM_URL_PATTERN. Compiled once. */
export function tappedStreamUrls(wsPattern: string, streamPattern: string): (url: string) => boolean {
  const sockets = parseUrlPattern(wsPattern);
  const responses = parseUrlPattern(streamPattern);
  return (url) => sockets.test(url) || responses.test(url);
}
