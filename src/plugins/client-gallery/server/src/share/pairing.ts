import type { ImagePairing } from '../../../shared/public-api';

/** One markup link where both ends are images of the same shared gallery. */
export interface SharedMarkupLink {
  markupId: number;
  markupDocumentId: string;
  originalId: number;
  originalDocumentId: string;
}

/**
 * The pairing of each image from the markup links among a gallery's images: every member of a
 * group (the original and its markups) gets the same value, markups oldest first (ids grow with
 * each submitted version). An image in no link gets none. The links must already be limited to
 * the gallery's own images: this names every id it is given.
 */
export function pairingsOf(links: SharedMarkupLink[]): Map<number, ImagePairing> {
  const groups = new Map<number, { original: string; markups: { id: number; documentId: string }[] }>();
  for (const link of links) {
    const group = groups.get(link.originalId) ?? { original: link.originalDocumentId, markups: [] };
    if (!group.markups.some((markup) => markup.id === link.markupId)) group.markups.push({ id: link.markupId, documentId: link.markupDocumentId });
    groups.set(link.originalId, group);
  }
  const byImage = new Map<number, ImagePairing>();
  for (const [originalId, group] of groups) {
    const markups = [...group.markups].sort((a, b) => a.id - b.id);
    const pairing: ImagePairing = { original: group.original, markups: markups.map((markup) => markup.documentId) };
    byImage.set(originalId, pairing);
    for (const markup of markups) byImage.set(markup.id, pairing);
  }
  return byImage;
}
