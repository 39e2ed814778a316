/**
 * The search_docs tool: ranks the built-in docs by term overlap with the query
 * (title terms count double, rarer terms count more) and returns the top 3 snippets.
 */
import { DOCS, type Doc } from './docs-corpus.ts';

export class SearchError extends Error {
  override name = 'SearchError';
}

export interface SearchHit {
  title: string;
  snippet: string;
  score: number;
}

const STOPWORDS = new Set(
  'a an and are as at be by can do does for from how i if in is it its me my of on or our so that the their them then this to up use we what when where which who why will with you your about docs doc documentation please tell find search look show'.split(' '),
);

function stem(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 5 && word.endsWith('ing')) return word.slice(0, -3);
  if (word.length > 4 && word.endsWith('ed')) return word.slice(0, -2);
  if (word.length > 4 && word.endsWith('es') && /(?:ss|sh|ch|x)es$/.test(word)) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

/** Lower-cased, stemmed content words. */
export function terms(text: string): string[] {
  return (text.toLowerCase().match(/[a-z0-9]+/g) ?? []).filter((w) => !STOPWORDS.has(w)).map(stem);
}

interface IndexedDoc {
  doc: Doc;
  title: string[];
  body: string[];
  sentences: string[];
}

const INDEX: readonly IndexedDoc[] = DOCS.map((doc) => ({
  doc,
  title: terms(doc.title),
  body: terms(doc.body),
  sentences: doc.body.split(/(?<=[.!?])\s+/),
}));

function documentFrequency(term: string): number {
  return INDEX.filter((d) => d.title.includes(term) || d.body.includes(term)).length;
}

function count(list: readonly string[], term: string): number {
  return list.reduce((n, w) => (w === term ? n + 1 : n), 0);
}

function snippetFor(entry: IndexedDoc, queryTerms: ReadonlySet<string>): string {
  let best = entry.sentences[0] ?? '';
  let bestHits = -1;
  for (const sentence of entry.sentences) {
    const hits = terms(sentence).filter((t) => queryTerms.has(t)).length;
    if (hits > bestHits) {
      best = sentence;
      bestHits = hits;
    }
  }
  return best.length > 160 ? `${best.slice(0, 159).trimEnd()}…` : best;
}

/** The tool: the 3 best matching docs, best first; an empty list when nothing matches. */
export function searchDocs(query: string, limit = 3): SearchHit[] {
  const queryTerms = new Set(terms(query));
  if (queryTerms.size === 0) throw new SearchError('The search query is empty');
  const scored = INDEX.map((entry) => {
    let score = 0;
    for (const term of queryTerms) {
      const df = documentFrequency(term);
      if (df === 0) continue;
      const idf = Math.log(1 + INDEX.length / df);
      score += (2 * count(entry.title, term) + count(entry.body, term)) * idf;
    }
    return { entry, score: Math.round(score * 1000) / 1000 };
  });
  return scored
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score || a.entry.doc.title.localeCompare(b.entry.doc.title))
    .slice(0, limit)
    .map(({ entry, score }) => ({ title: entry.doc.title, snippet: snippetFor(entry, queryTerms), score }));
}
