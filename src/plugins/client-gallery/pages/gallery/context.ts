import { shareApi, type DownloadManager, type PublicGallery, type PublicImage, type Resolution } from '../lib/api';
import { formatDate } from '../lib/dom';

/** The gallery page's shared parts: the link and its API, the page state and its live elements. */

export const PAGE_SIZE = 40;
export const PENDING_FAVOURITE = 'cg_pending_favourite';
/** A photo the visitor was adding to the download manager when the claim interrupted them. */
export const PENDING_DOWNLOAD = 'cg_pending_download';
export const RESOLUTION_NAMES: Record<Resolution, string> = { web: 'Web size', high: 'High resolution', original: 'Original' };

export const root = document.getElementById('app')!;
const token = decodeURIComponent(window.location.pathname.replace(/^\/g\//, '').replace(/\/+$/, ''));
export const api = shareApi(token);

interface State {
  gallery: PublicGallery | null;
  images: PublicImage[];
  nextCursor: string | null;
  loading: boolean;
  label: string | null;
  favouritesOnly: boolean;
  /** Proofing filters, shown when the studio enabled filters. */
  selectedOnly: boolean;
  commentedOnly: boolean;
  labels: Set<string>;
  manager: DownloadManager | null;
  inManager: Set<string>;
  resolution: Resolution;
  generation: number;
}

export const state: State = {
  gallery: null,
  images: [],
  nextCursor: null,
  loading: false,
  label: null,
  favouritesOnly: false,
  selectedOnly: false,
  commentedOnly: false,
  labels: new Set(),
  manager: null,
  inManager: new Set(),
  resolution: 'web',
  generation: 0,
};

export const can = () => state.gallery!.link.can;
/** Hearts are shown where favourites work, and on a general link of a proofing gallery, where they lead to a claim. */
export const showsFavourites = () => can().favourite || (state.gallery!.link.kind === 'general' && can().claim && state.gallery!.status === 'proofing');

export function describe(image: PublicImage, index: number) {
  return `Photo ${index + 1}${image.label ? `, ${image.label}` : ''}${image.takenAt ? `, ${formatDate(image.takenAt)}` : ''}`;
}

/** The page's live elements, made by renderGallery and used by every part of the page. */
export const view = {
  grid: null as unknown as HTMLElement,
  moreButton: null as unknown as HTMLButtonElement,
  endNote: null as unknown as HTMLElement,
  filterBar: null as unknown as HTMLElement,
  downloadsButton: null as HTMLButtonElement | null,
  observer: null as IntersectionObserver | null,
};

/** Why a claim was asked for: what the visitor was doing, kept so it is done again on the private link. */
export interface ClaimContext {
  reason: 'favourite' | 'download';
  imageId?: string;
}

/**
 * What the parts of the page ask of one another, by name, with each call's arguments and result.
 * A part imports only this file (and lib/); the entry, gallery.ts, imports every part and wires
 * its functions in here once, before the page starts. Direct imports between the parts ran both
 * ways (the grid opens the viewer and the viewer loads more of the grid; downloads repaint the
 * grid's tiles and the grid draws the downloads button), so every part depended on every other
 * and the load order decided whether a top-level use of a neighbour worked. Through this map each
 * call is still checked against its signature, and a wiring that leaves one out does not compile.
 * Property-style signatures keep the parameter checks strict (method signatures are bivariant).
 */
export interface PageActions {
  /** states.ts: the full-page state that replaces the gallery (password, not found, errors). */
  renderFailure: (error: unknown, problem?: string | null) => void;
  /** grid.ts */
  renderGallery: () => void;
  loadMore: (first?: boolean) => Promise<void>;
  statusHint: (gallery: PublicGallery) => HTMLElement;
  tileActions: (image: PublicImage, index: number) => HTMLElement;
  /** lightbox.ts */
  openLightbox: (index: number) => void;
  /** favourites.ts */
  favouriteButton: (image: PublicImage, index: number, className: string) => HTMLElement;
  applyPendingActions: () => Promise<void>;
  /** downloads.ts */
  managerButton: (image: PublicImage, index: number) => HTMLElement;
  singleDownloadControl: (image: PublicImage) => HTMLElement;
  openDownloads: () => Promise<void>;
  setManager: (manager: DownloadManager) => void;
  refreshManager: () => Promise<void>;
  handleDownloadError: (error: unknown) => void;
  /** packages.ts */
  requestPackage: (result: HTMLElement, imageIds: string[] | 'all', button: HTMLButtonElement) => Promise<void>;
  /** claim.ts */
  openClaim: (context: ClaimContext) => void;
  /** proofing.ts */
  showsSelection: () => boolean;
  loadSelection: () => Promise<void>;
  selectButton: (image: PublicImage, index: number, className: string) => HTMLElement;
  selectionBar: () => HTMLElement;
  /** comments.ts */
  showsComments: () => boolean;
  commentThread: (image: PublicImage | null) => HTMLElement;
  /** review.ts */
  showsReview: () => boolean;
  reviewControl: (image: PublicImage) => HTMLElement;
  /** pairing.ts */
  versionName: (image: PublicImage) => string;
  nextVersion: (image: PublicImage) => Promise<{ image: PublicImage; index: number } | null>;
  pairBadge: (image: PublicImage, flip: () => void, className: string) => HTMLButtonElement | null;
}

let wired: PageActions | null = null;

/** Called once by the entry with every part's functions; a second wiring would silently replace the first. */
export function wireActions(actions: PageActions): void {
  if (wired) throw new Error('The gallery page is already wired');
  wired = actions;
}

/** The other parts of the page. Only called from event handlers and rendering, never at load, when nothing is wired yet. */
export function act(): PageActions {
  if (!wired) throw new Error('The gallery page is not wired yet: gallery.ts wires its parts before it starts');
  return wired;
}
