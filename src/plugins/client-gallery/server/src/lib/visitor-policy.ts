/**
 * What a link visitor may do: the visitor side of DESIGN.md's access rules, as data and one pure
 * function. share-access is the only caller (it loads the link and gallery, then asks here);
 * `tests/unit/visitor-policy.test.ts` is its table over status × link kind × settings.
 */
import type { GalleryStatus } from '../../../shared/public-api';

/**
 * `own`: see one's own proofing state (favourites, selection and its rounds, comment threads,
 * review marks). It is read-only and allowed in every status, so a locked, ready or archived
 * gallery still shows the client what they chose; it is personal, so a general link claims first.
 */
export type VisitorAction = 'view' | 'own' | 'favourite' | 'select' | 'comment' | 'review' | 'download' | 'claim';

/** What each gallery status allows at most. */
export const STATUS_ALLOWS: Record<GalleryStatus, ReadonlySet<VisitorAction>> = {
  proofing: new Set<VisitorAction>(['view', 'own', 'favourite', 'select', 'comment', 'review', 'claim']),
  locked: new Set<VisitorAction>(['view', 'own', 'claim']),
  ready: new Set<VisitorAction>(['view', 'own', 'download', 'claim']),
  archived: new Set<VisitorAction>(['view', 'own', 'claim']),
};

/** The facts a decision needs, already loaded. */
export interface VisitorFacts {
  /** No password, or a valid unlock came with the request. */
  unlocked: boolean;
  /** The gallery's published version, or null when it is unpublished ("Unavailable"). */
  gallery: { stage: GalleryStatus; selectionAllowed: boolean | null; commentsAllowed: boolean | null; reviewEnabled?: boolean | null } | null;
  link: { kind: 'general' | 'private'; downloadsEnabled: boolean | null };
}

/** Why an action is refused; each maps to one domain error in share-access. */
export type Refusal =
  | { reason: 'password-required' }
  | { reason: 'gallery-unavailable' }
  | { reason: 'not-a-general-link' }
  | { reason: 'claim-required' }
  | { reason: 'not-allowed'; because: string };

/** Null when `action` is allowed. Order: password, published, claim target, status, personal state, settings. */
export function refusalOf(facts: VisitorFacts, action: VisitorAction): Refusal | null {
  const { link, gallery } = facts;
  if (!facts.unlocked) return { reason: 'password-required' };
  if (!gallery) return { reason: 'gallery-unavailable' };
  if (action === 'claim' && link.kind !== 'general') return { reason: 'not-a-general-link' };
  if (!STATUS_ALLOWS[gallery.stage]?.has(action)) return { reason: 'not-allowed', because: `the gallery is ${gallery.stage}` };
  switch (action) {
    case 'own':
    case 'favourite':
      // Favourites, selections and threads are personal; on a link everyone shares they would mix strangers' choices.
      return link.kind === 'general' ? { reason: 'claim-required' } : null;
    case 'select':
      if (link.kind === 'general') return { reason: 'claim-required' };
      return gallery.selectionAllowed ? null : { reason: 'not-allowed', because: 'selection is not enabled for this gallery' };
    case 'comment':
      if (link.kind === 'general') return { reason: 'claim-required' };
      return gallery.commentsAllowed ? null : { reason: 'not-allowed', because: 'comments are not enabled for this gallery' };
    case 'review':
      if (link.kind === 'general') return { reason: 'claim-required' };
      return gallery.reviewEnabled ? null : { reason: 'not-allowed', because: 'advanced review is not enabled for this gallery' };
    case 'download':
      return link.downloadsEnabled ? null : { reason: 'not-allowed', because: 'downloads are not enabled for this link' };
    default:
      return null;
  }
}
