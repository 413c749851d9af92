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
  /** Proofing filters (issue 10), shown when the studio enabled filters. */
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
