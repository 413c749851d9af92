import type { PublicImage } from '../lib/api';
import { h, toast } from '../lib/dom';
import { act, state } from './context';

/**
 * Markups shown with their originals. The listing gives every member of a pair
 * the same `pairing`: the original and its marked-up versions in this gallery. Each of them keeps
 * its own tile (it is a photo of the gallery like any other: favourites, downloads, zips), and a
 * badge on it says which version it shows and flips, in place, to the next one: the original, then
 * each marked-up version, then the original again. A photo whose partner is not shared has none.
 */

/** The versions of a pair, in flip order: the original, then its markups (oldest first). */
export function versionsOf(image: PublicImage): string[] {
  return image.pairing ? [image.pairing.original, ...image.pairing.markups] : [];
}

/** "Original", "Marked up", or "Marked up 2 of 3" when the studio shared several versions. */
export function versionName(image: PublicImage): string {
  const pairing = image.pairing;
  if (!pairing || pairing.original === image.id) return 'Original';
  const markups = pairing.markups;
  return markups.length > 1 ? `Marked up ${markups.indexOf(image.id) + 1} of ${markups.length}` : 'Marked up';
}

/** The version after `image` in flip order (its id): a markup's original, an original's first markup. */
export function nextVersionId(image: PublicImage): string | null {
  const versions = versionsOf(image);
  if (versions.length < 2) return null;
  return versions[(versions.indexOf(image.id) + 1) % versions.length];
}

let waiting: Promise<void> | null = null;
/**
 * The image with this id and its place in the listing, loading further pages if it is not on
 * screen yet (a partner may be pages away in the studio's order). Null when the current filter
 * leaves it out.
 */
export async function findLoaded(id: string): Promise<{ image: PublicImage; index: number } | null> {
  for (let pages = 0; pages < 200; pages += 1) {
    const index = state.images.findIndex((image) => image.id === id);
    if (index >= 0) return { image: state.images[index], index };
    if (!state.nextCursor && !state.loading) return null;
    if (state.loading) {
      waiting ??= new Promise<void>((resolve) => setTimeout(resolve, 50)).finally(() => (waiting = null));
      await waiting;
    } else {
      await act().loadMore();
    }
  }
  return null;
}

/** The next version of `image`, ready to show; tells the visitor when the filter hides it. */
export async function nextVersion(image: PublicImage): Promise<{ image: PublicImage; index: number } | null> {
  const id = nextVersionId(image);
  if (!id) return null;
  const found = await findLoaded(id);
  if (!found) toast('The other version is not in this view. Show all photos to see it.', 'info');
  return found;
}

/**
 * The badge of a paired photo: a button naming the version shown, which flips to the next one
 * (Enter or Space from the keyboard, like any button). Null for a photo with no partner here.
 */
export function pairBadge(image: PublicImage, flip: () => void, className: string): HTMLButtonElement | null {
  if (versionsOf(image).length < 2) return null;
  const name = versionName(image);
  const isOriginal = name === 'Original';
  const target = isOriginal
    ? 'the marked-up version'
    : image.pairing!.markups.length > 1 && nextVersionId(image) !== image.pairing!.original
      ? 'the next marked-up version'
      : 'the original';
  const button = h(
    'button',
    {
      class: `pair-badge ${className}${isOriginal ? '' : ' pair-badge-markup'}`,
      type: 'button',
      'data-testid': 'pair-badge',
      'data-version': isOriginal ? 'original' : 'markup',
      'aria-label': `${name}. Show ${target}`,
      title: `Show ${target}`,
      onclick: (event: Event) => {
        event.stopPropagation();
        flip();
      },
    },
    h('span', { class: 'pair-badge-flip', 'aria-hidden': 'true' }, '⇄'),
    h('span', {}, name),
  );
  return button;
}
