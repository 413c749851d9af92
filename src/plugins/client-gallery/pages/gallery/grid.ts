import { ApiError, type PublicGallery, type PublicImage } from '../lib/api';
import { studioBrand, studioMark } from '../lib/brand';
import { append, clear, daysUntil, formatDate, h, icon, plural, toast } from '../lib/dom';
import { PAGE_SIZE, act, api, can, describe, root, showsFavourites, state, view } from './context';

/** The gallery itself: hero, filters, the keyset-paged grid of tiles, and fresh URLs when signed ones expire. */

export function renderGallery() {
  const gallery = state.gallery!;
  document.title = gallery.title;
  clear(root);

  view.grid = h('ul', { class: 'grid', 'data-testid': 'grid', 'aria-label': 'Photos' });
  view.moreButton = h('button', { class: 'button button-ghost', type: 'button', onclick: () => void loadMore() }, 'Load more photos');
  view.endNote = h('p', { class: 'end-note', hidden: true });
  view.filterBar = h('div', { class: 'filters', role: 'toolbar', 'aria-label': 'Filter photos' });

  const topActions = h('div', { class: 'topbar-actions' });
  if (can().download) {
    view.downloadsButton = h('button', { class: 'button button-outline', type: 'button', 'data-testid': 'open-downloads', onclick: () => void act().openDownloads() }, icon('download', { size: 18 }), h('span', {}, 'Downloads'));
    topActions.appendChild(view.downloadsButton);
  }

  const hero = renderHero(gallery);
  root.appendChild(h('header', { class: 'topbar' }, h('div', { class: 'topbar-brand' }, studioMark('bar'), h('span', { class: 'topbar-title' }, gallery.title)), topActions));
  root.appendChild(hero);
  root.appendChild(
    h(
      'main',
      { class: 'content', id: 'photos' },
      h('div', { class: 'toolbar' }, view.filterBar, statusHint(gallery)),
      act().showsSelection() ? act().selectionBar() : null,
      view.grid,
      h('div', { class: 'more' }, view.moreButton, view.endNote),
      act().showsComments() ? h('div', { class: 'gallery-thread', 'data-testid': 'gallery-thread' }, act().commentThread(null)) : null,
      h('div', { class: 'sentinel', 'aria-hidden': 'true' }),
    ),
  );
  const studio = studioBrand().name;
  root.appendChild(h('footer', { class: 'footer' }, studio ? h('span', {}, studio) : null, studio ? h('span', { class: 'footer-dot', 'aria-hidden': 'true' }, '·') : null, h('span', {}, gallery.title), h('span', { class: 'footer-dot', 'aria-hidden': 'true' }, '·'), h('span', {}, gallery.link.kind === 'general' ? 'Shared gallery' : 'Private client gallery')));

  view.observer?.disconnect();
  view.observer = new IntersectionObserver((entries) => {
    if (entries.some((entry) => entry.isIntersecting) && state.nextCursor && !state.loading) void loadMore();
  }, { rootMargin: '800px 0px' });
  view.observer.observe(root.querySelector('.sentinel')!);

  renderFilters();
  void act().loadSelection().then(() => reload()).then(() => act().applyPendingActions());
}

function renderHero(gallery: PublicGallery) {
  const cover = gallery.cover?.previewUrl ?? gallery.cover?.thumbUrl ?? null;
  const meta: (Node | string)[] = [];
  if (gallery.shootDate) meta.push(h('span', { class: 'hero-meta-item' }, formatDate(gallery.shootDate)));
  meta.push(h('span', { class: 'hero-meta-item' }, statusLabel(gallery)));
  const deadline = gallery.deadline
    ? h(
        'p',
        { class: 'deadline', 'data-testid': 'deadline' },
        icon('calendar', { size: 16 }),
        h('span', {}, gallery.status === 'proofing' ? 'Please make your choices by ' : 'Deadline: ', h('strong', {}, formatDate(gallery.deadline)), deadlineSuffix(gallery.deadline)),
      )
    : null;
  return h(
    'section',
    { class: `hero${cover ? ' hero-with-cover' : ''}`, 'aria-labelledby': 'gallery-title' },
    cover ? h('img', { class: 'hero-image', src: cover, alt: '', decoding: 'async', fetchpriority: 'high' }) : null,
    h('div', { class: 'hero-shade', 'aria-hidden': 'true' }),
    h(
      'div',
      { class: 'hero-body' },
      h('p', { class: 'eyebrow' }, gallery.link.kind === 'private' ? 'Your private gallery' : 'Gallery'),
      h('h1', { id: 'gallery-title', class: 'hero-title', 'data-testid': 'gallery-title' }, gallery.title),
      h('p', { class: 'hero-meta' }, meta),
      gallery.welcomeNote ? h('p', { class: 'welcome', 'data-testid': 'welcome-note' }, gallery.welcomeNote) : null,
      deadline,
      h('a', { class: 'hero-cta', href: '#photos' }, 'View photos'),
    ),
  );
}

function deadlineSuffix(deadline: string) {
  const days = daysUntil(deadline);
  if (days < 0) return h('span', { class: 'deadline-note' }, ' (passed)');
  if (days === 0) return h('span', { class: 'deadline-note' }, ' (today)');
  if (days <= 14) return h('span', { class: 'deadline-note' }, ` (in ${plural(days, 'day')})`);
  return null;
}

function statusLabel(gallery: PublicGallery) {
  switch (gallery.status) {
    case 'proofing':
      return 'Open for your selections';
    case 'locked':
      return 'Selections closed';
    case 'ready':
      return 'Ready for download';
    default:
      return 'Archived';
  }
}

export function statusHint(gallery: PublicGallery) {
  const parts: string[] = [];
  if (showsFavourites()) parts.push('Tap the heart to keep a favourite.');
  if (act().showsSelection() && gallery.status === 'proofing') parts.push('Use Select to choose the photos for your final set.');
  if (can().download) {
    const { limit, remaining } = gallery.link.downloads;
    parts.push(limit === null ? 'Download any photo, or all of them as a zip.' : `You can download ${plural(remaining ?? 0, 'more photo')} (limit ${limit}).`);
  }
  if (gallery.link.settings.watermark) parts.push('Previews carry the studio’s watermark.');
  return h('p', { class: 'toolbar-hint', 'data-testid': 'status-hint' }, parts.join(' '));
}

function renderFilters() {
  const gallery = state.gallery!;
  clear(view.filterBar);
  if (!gallery.filtersEnabled && !can().favourite) return;
  const proofingChip = (key: 'selectedOnly' | 'commentedOnly', text: string, testId: string) =>
    h(
      'button',
      {
        class: 'chip',
        type: 'button',
        'aria-pressed': String(state[key]),
        'data-testid': testId,
        onclick: () => {
          state[key] = !state[key];
          renderFilters();
          void reload();
        },
      },
      text,
    );
  const chips: HTMLElement[] = [];
  if (gallery.filtersEnabled && state.labels.size > 0) {
    const chip = (label: string | null, text: string) =>
      h(
        'button',
        {
          class: 'chip',
          type: 'button',
          'aria-pressed': String(state.label === label),
          'data-testid': 'label-filter',
          onclick: () => {
            if (state.label === label) return;
            state.label = label;
            renderFilters();
            void reload();
          },
        },
        text,
      );
    chips.push(chip(null, 'All photos'));
    for (const label of [...state.labels].sort((a, b) => a.localeCompare(b))) chips.push(chip(label, label));
  }
  if (can().favourite) {
    chips.push(
      h(
        'button',
        {
          class: 'chip chip-favourites',
          type: 'button',
          'aria-pressed': String(state.favouritesOnly),
          'data-testid': 'favourites-filter',
          onclick: () => {
            state.favouritesOnly = !state.favouritesOnly;
            renderFilters();
            void reload();
          },
        },
        icon('heart', { size: 16, filled: state.favouritesOnly }),
        h('span', {}, 'Favourites only'),
      ),
    );
  }
  if (gallery.filtersEnabled && act().showsSelection() && can().own) chips.push(proofingChip('selectedOnly', 'Selected', 'selected-filter'));
  if (gallery.filtersEnabled && act().showsComments()) chips.push(proofingChip('commentedOnly', 'Commented', 'commented-filter'));
  for (const chip of chips) view.filterBar.appendChild(chip);
}

async function reload() {
  state.generation += 1;
  state.images = [];
  state.nextCursor = null;
  clear(view.grid);
  view.grid.setAttribute('aria-busy', 'true');
  await loadMore(true);
}

export async function loadMore(first = false) {
  if (state.loading || (!first && !state.nextCursor)) return;
  const generation = state.generation;
  state.loading = true;
  view.moreButton.disabled = true;
  view.moreButton.textContent = 'Loading…';
  try {
    const { body } = await api.images({ cursor: first ? null : state.nextCursor, limit: PAGE_SIZE, label: state.label, favourites: state.favouritesOnly, selected: state.selectedOnly, commented: state.commentedOnly });
    if (generation !== state.generation) return;
    const before = state.labels.size;
    for (const image of body.data) {
      if (image.label) state.labels.add(image.label);
      state.images.push(image);
      view.grid.appendChild(tile(image, state.images.length - 1));
    }
    state.nextCursor = body.meta.nextCursor;
    if (state.labels.size !== before) renderFilters();
  } catch (error) {
    if (error instanceof ApiError && (error.status === 401 || error.status === 403 || error.status === 404)) return act().renderFailure(error);
    toast(error instanceof Error ? error.message : 'Could not load photos', 'error');
  } finally {
    if (generation === state.generation) {
      state.loading = false;
      view.grid.removeAttribute('aria-busy');
      view.moreButton.disabled = false;
      view.moreButton.textContent = 'Load more photos';
      view.moreButton.hidden = !state.nextCursor;
      view.endNote.hidden = Boolean(state.nextCursor);
      view.endNote.textContent = state.images.length === 0 ? (state.favouritesOnly ? 'No favourites yet. Tap the heart on a photo to keep it here.' : 'No photos here yet.') : plural(state.images.length, 'photo');
    }
  }
}

function tile(image: PublicImage, index: number) {
  const item = h('li', { class: 'tile', 'data-image-id': image.id });
  showOnTile(item, image, index);
  return item;
}

/**
 * Fill a tile with one photo: its own, or (after its badge flipped it) another version of the
 * pair. The tile keeps its own `data-image-id`; `data-showing` names the photo on it, and the
 * opener, the actions and the badge all act on that one.
 */
function showOnTile(item: HTMLElement, image: PublicImage, index: number) {
  const ratio = image.width && image.height ? image.width / image.height : 1.5;
  const img = h('img', { class: 'tile-image', src: image.thumbUrl ?? '', alt: '', loading: index < 12 ? 'eager' : 'lazy', decoding: 'async', width: image.width ?? undefined, height: image.height ?? undefined });
  img.addEventListener('load', () => img.classList.add('is-loaded'));
  img.addEventListener('error', () => void refreshUrls());
  const open = h('button', { class: 'tile-open', type: 'button', 'aria-label': `Open ${describe(image, index)}${image.pairing ? ` (${act().versionName(image).toLowerCase()})` : ''}`, 'data-testid': 'thumb', onclick: () => act().openLightbox(index) }, img);
  const badge = act().pairBadge(image, () => void flipTile(item, image), 'tile-pair-badge');
  clear(item);
  append(item, [open, badge, tileActions(image, index)]);
  item.dataset.showing = image.id;
  item.style.setProperty('--ratio', String(ratio));
}

async function flipTile(item: HTMLElement, shown: PublicImage) {
  const next = await act().nextVersion(shown);
  if (!next || !item.isConnected) return;
  showOnTile(item, next.image, next.index);
  item.querySelector<HTMLElement>('.pair-badge')?.focus();
}

export function tileActions(image: PublicImage, index: number) {
  const actions = h('div', { class: 'tile-actions' });
  if (showsFavourites()) actions.appendChild(act().favouriteButton(image, index, 'tile-action'));
  // Closed for changes, the visitor still sees their own hearts (read-only).
  else if (can().own && image.favourite) actions.appendChild(h('span', { class: 'tile-badge tile-badge-heart', title: 'Your favourite', 'data-testid': 'favourite-read-only' }, icon('heart', { size: 14, filled: true }), h('span', { class: 'visually-hidden' }, 'Your favourite')));
  if (act().showsSelection()) actions.appendChild(act().selectButton(image, index, 'tile-action'));
  if (can().download) actions.appendChild(act().managerButton(image, index));
  if (image.downloaded) actions.appendChild(h('span', { class: 'tile-badge', title: 'Downloaded' }, icon('check', { size: 14 }), h('span', { class: 'visually-hidden' }, 'Downloaded')));
  return actions;
}

let refreshing: Promise<void> | null = null;
let lastRefresh = 0;
/** Signed photo URLs live for minutes: when one fails, fetch fresh ones for what is on screen. */
async function refreshUrls() {
  if (refreshing || Date.now() - lastRefresh < 30_000) return;
  lastRefresh = Date.now();
  refreshing = (async () => {
    const fresh = new Map<string, PublicImage>();
    let cursor: string | null = null;
    do {
      const { body } = await api.images({ cursor, limit: 100, label: state.label, favourites: state.favouritesOnly, selected: state.selectedOnly, commented: state.commentedOnly });
      for (const image of body.data) fresh.set(image.id, image);
      cursor = body.meta.nextCursor;
    } while (cursor && fresh.size < state.images.length);
    state.images.forEach((image) => {
      const update = fresh.get(image.id);
      if (!update) return;
      image.thumbUrl = update.thumbUrl;
      image.previewUrl = update.previewUrl;
      image.expiresAt = update.expiresAt;
      // Every tile showing it: its own, and any whose badge flipped to it.
      for (const img of view.grid.querySelectorAll<HTMLImageElement>(`[data-showing="${CSS.escape(image.id)}"] img`)) if (update.thumbUrl) img.src = update.thumbUrl;
    });
  })()
    .catch(() => undefined)
    .finally(() => {
      refreshing = null;
    });
}
