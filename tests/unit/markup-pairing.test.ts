import { pairingsOf, type SharedMarkupLink } from '../../src/plugins/client-gallery/server/src/share/pairing';

const link = (markupId: number, originalId: number): SharedMarkupLink => ({
  markupId,
  markupDocumentId: `doc-${markupId}`,
  originalId,
  originalDocumentId: `doc-${originalId}`,
});

describe('pairingsOf', () => {
  it('gives no image a pairing without a shared link', () => {
    expect(pairingsOf([]).size).toBe(0);
  });

  it('gives the original and its markup the same pairing', () => {
    const pairs = pairingsOf([link(7, 3)]);
    expect(Object.fromEntries(pairs)).toEqual({ 3: { original: 'doc-3', markups: ['doc-7'] }, 7: { original: 'doc-3', markups: ['doc-7'] } });
  });

  it('lists several versions oldest first, whatever order the rows came in, each once', () => {
    const pairs = pairingsOf([link(12, 3), link(7, 3), link(12, 3)]);
    expect(pairs.get(12)).toEqual({ original: 'doc-3', markups: ['doc-7', 'doc-12'] });
    expect([pairs.get(3), pairs.get(7)]).toEqual([pairs.get(12), pairs.get(12)]);
  });

  it('keeps two originals apart', () => {
    const pairs = pairingsOf([link(7, 3), link(8, 4)]);
    expect([pairs.get(7)?.original, pairs.get(8)?.original, pairs.get(4)?.markups]).toEqual(['doc-3', 'doc-4', ['doc-8']]);
  });
});
