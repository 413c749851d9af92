import { ApiError, type PublicImage } from '../lib/api';
import { clear, h, icon, toast } from '../lib/dom';
import { PENDING_DOWNLOAD, PENDING_FAVOURITE, act, api, can, describe, state, view } from './context';

/** Hearts, and the favourite or download a claim interrupted, applied on the private link it led to. */

export function favouriteButton(image: PublicImage, index: number, className: string) {
  const button = h('button', { class: `${className} favourite`, type: 'button', 'data-testid': 'favourite', 'data-image-id': image.id });
  const paint = () => {
    clear(button);
    button.appendChild(icon('heart', { filled: image.favourite, size: 20 }));
    button.setAttribute('aria-pressed', String(image.favourite));
    button.setAttribute('aria-label', image.favourite ? `Remove ${describe(image, index)} from favourites` : `Add ${describe(image, index)} to favourites`);
  };
  paint();
  button.addEventListener('click', () => void toggleFavourite(image, index));
  favouritePainters.set(button, paint);
  return button;
}

const favouritePainters = new Map<HTMLElement, () => void>();
function repaintFavourites() {
  for (const [button, paint] of favouritePainters) {
    if (!button.isConnected) favouritePainters.delete(button);
    else paint();
  }
}

async function toggleFavourite(image: PublicImage, index: number) {
  const next = !image.favourite;
  image.favourite = next; // optimistic
  repaintFavourites();
  try {
    await api.favourite(image.id, next);
    toast(next ? 'Added to your favourites' : 'Removed from your favourites', 'success', 2500);
    if (!next && state.favouritesOnly) {
      view.grid.querySelector(`.tile[data-image-id="${CSS.escape(image.id)}"]`)?.remove();
    }
  } catch (error) {
    image.favourite = !next;
    repaintFavourites();
    if (error instanceof ApiError && error.name === 'ClaimRequiredError') {
      act().openClaim({ reason: 'favourite', imageId: image.id });
    } else if (error instanceof ApiError && error.name === 'ActionNotAllowedError') {
      toast('Favourites are closed for this gallery.', 'error');
    } else {
      toast(error instanceof Error ? error.message : 'Could not save your favourite', 'error');
    }
  }
  void index;
}

/**
 * Once the photos are on screen: the download manager's list (the tiles' ticks and the header
 * count must be right after a reload, not only once the panel is opened), and, after a claim
 * moved the visitor to their own link, the favourite or download that asked for it.
 */
export async function applyPendingActions() {
  if (can().download) await act().refreshManager().catch(() => undefined);
  await applyPendingDownload();
  await applyPendingFavourite();
}

async function applyPendingDownload() {
  const pending = sessionStorage.getItem(PENDING_DOWNLOAD);
  if (!pending || !can().download) return;
  sessionStorage.removeItem(PENDING_DOWNLOAD);
  try {
    act().setManager((await api.addDownloads([pending])).body.data);
    toast('Added to your downloads on your private link', 'success');
  } catch (error) {
    act().handleDownloadError(error);
  }
}

async function applyPendingFavourite() {
  const pending = sessionStorage.getItem(PENDING_FAVOURITE);
  if (!pending || !can().favourite) return;
  sessionStorage.removeItem(PENDING_FAVOURITE);
  try {
    await api.favourite(pending, true);
    const image = state.images.find((candidate) => candidate.id === pending);
    if (image) image.favourite = true;
    repaintFavourites();
    toast('Your favourite is saved on your private link', 'success');
  } catch {
    // The photo may have left the gallery meanwhile; nothing to tell.
  }
}
