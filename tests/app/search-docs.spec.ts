import { test, expect } from '@playwright/test';
import { DOCS } from '../../targets/app/tools/docs-corpus.ts';
import { searchDocs, SearchError, terms } from '../../targets/app/tools/search-docs.ts';

test.describe('search_docs tool', () => {
  test('has a small built-in corpus about the product', () => {
    expect(DOCS.length).toBeGreaterThanOrEqual(8);
    expect(DOCS.map((d) => d.title)).toEqual(expect.arrayContaining(['Reconnecting after a dropped connection', 'Conversation history', 'Limits']));
  });

  test('ranks the doc that is about the query first', () => {
    expect(searchDocs('reconnect')[0]?.title).toBe('Reconnecting after a dropped connection');
    expect(searchDocs('history after reload')[0]?.title).toBe('Conversation history');
    expect(searchDocs('password username account')[0]?.title).toBe('Accounts and signing in');
    expect(searchDocs('message limit characters')[0]?.title).toBe('Limits');
  });

  test('returns at most 3 hits with title, snippet and score, best first', () => {
    const hits = searchDocs('conversation message tool');
    expect(hits).toHaveLength(3);
    for (const hit of hits) {
      expect(Object.keys(hit).sort()).toEqual(['score', 'snippet', 'title']);
      expect(hit.snippet.length).toBeGreaterThan(10);
      expect(hit.snippet.length).toBeLessThanOrEqual(160);
    }
    const scores = hits.map((h) => h.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  test('the snippet is the sentence that matches best', () => {
    expect(searchDocs('offline indicator')[0]?.snippet).toContain('Offline');
  });

  test('is deterministic', () => {
    expect(searchDocs('tools calculator')).toEqual(searchDocs('tools calculator'));
  });

  test('nothing matching gives an empty list; an empty query is a tool error', () => {
    expect(searchDocs('xylophone zebra')).toEqual([]);
    expect(() => searchDocs('')).toThrow(SearchError);
    expect(() => searchDocs('the of and')).toThrow('The search query is empty');
  });

  test('terms are lower-cased and lightly stemmed', () => {
    expect(terms('Reconnecting reconnects Histories')).toEqual(['reconnect', 'reconnect', 'history']);
  });
});
