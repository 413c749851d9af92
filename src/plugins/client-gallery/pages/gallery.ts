import './styles.css';
import { ApiError, shareApi, type DownloadManager, type PublicGallery, type PublicImage, type Resolution } from './lib/api';
import { clear, daysUntil, formatDate, h, icon, plural, toast, trapFocus } from './lib/dom';

/**
 * /g/:token — a share link's gallery. It talks only to the public share API (the same routes a
 * headless client uses) and only offers what GET /api/share/:token says the link may do.
 */
const PAGE_SIZE = 40;
const PENDING_FAVOURITE = 'cg_pending_favourite';
/** A photo the visitor was adding to the download manager when the claim interrupted them. */
const PENDING_DOWNLOAD = 'cg_pending_download';
const RESOLUTION_NAMES: Record<Resolution, string> = { web: 'Web size', high: 'High resolution', original: 'Original' };

const root = document.getElementById('app')!;
const token = decodeURIComponent(window.location.pathname.replace(/^\/g\//, '').replace(/\/+$/, ''));
const api = shareApi(token);

interface State {
  gallery: PublicGallery | null;
  images: PublicImage[];
  nextCursor: string | null;
  loading: boolean;
  label: string | null;
  favouritesOnly: boolean;
  labels: Set<string>;
  manager: DownloadManager | null;
  inManager: Set<string>;
  resolution: Resolution;
  generation: number;
}

const state: State = {
  gallery: null,
  images: [],
  nextCursor: null,
  loading: false,
  label: null,
  favouritesOnly: false,
  labels: new Set(),
  manager: null,
  inManager: new Set(),
  resolution: 'web',
  generation: 0,
};

// ---------------------------------------------------------------------------------------------
// Entry and full-page states

/**
 * A mailed sign-in link opens `/g/<token>#sign-in=<ticket>`: the ticket is taken out of the
 * address at once (it works once, and must not stay in history), then exchanged for the unlock cookie.
 */
async function signInFromAddress(): Promise<string | null> {
  const match = /(?:^#|&)sign-in=([^&]+)/.exec(window.location.hash);
  if (!match) return null;
  history.replaceState(null, '', window.location.pathname + window.location.search);
  try {
    await api.signIn(decodeURIComponent(match[1]));
    return null;
  } catch (e) {
    return e instanceof ApiError && e.status === 429
      ? 'Too many tries from here. Please wait a few minutes.'
      : 'That sign-in link has already been used or has expired. Ask for a new one below, or enter the password.';
  }
}

async function start(signInProblem: string | null = null) {
  try {
    const { body } = await api.view();
    state.gallery = body.data;
    state.resolution = body.data.link.settings.resolutions[0] ?? 'web';
    renderGallery();
  } catch (error) {
    renderFailure(error, signInProblem);
  }
}

function renderFailure(error: unknown, problem: string | null = null) {
  const e = error instanceof ApiError ? error : new ApiError(0, 'Error', 'Something went wrong.');
  if (e.status === 401 && e.name === 'PasswordRequiredError') return renderPassword(Boolean(e.details.signIn), problem);
  if (e.status === 403 && e.name === 'GalleryUnavailableError') {
    return renderNotice('unavailable', 'This gallery is unavailable', 'The studio has taken it offline for now. Please check back later, or get in touch with your studio.');
  }
  if (e.status === 404) {
    return renderNotice('not-found', 'This link doesn’t work', 'It may have expired or been withdrawn. Please ask your studio for a new link.');
  }
  return renderNotice('error', 'We couldn’t open this gallery', e.message || 'Please try again in a moment.', true);
}

function renderNotice(kind: string, title: string, text: string, retry = false) {
  document.title = title;
  clear(root);
  root.appendChild(
    h(
      'main',
      { class: 'center-screen', 'data-state': kind },
      h(
        'section',
        { class: 'card card-notice', 'aria-labelledby': 'notice-title' },
        h('div', { class: 'card-icon' }, icon(kind === 'unavailable' ? 'lock' : kind === 'not-found' ? 'image' : 'alert', { size: 28 })),
        h('h1', { id: 'notice-title', class: 'card-title' }, title),
        h('p', { class: 'card-text' }, text),
        retry ? h('button', { class: 'button button-primary', type: 'button', onclick: () => window.location.reload() }, 'Try again') : null,
      ),
    ),
  );
}

/** "Email me a sign-in link": the way in for a private link's recipient that wrong guesses by others cannot lock. */
function signInOffer(): HTMLElement {
  const status = h('p', { class: 'card-text', role: 'status', 'data-testid': 'sign-in-status' });
  const button = h('button', { class: 'button button-block', type: 'button', 'data-testid': 'sign-in-request' }, 'Email me a sign-in link') as HTMLButtonElement;
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      await api.requestSignIn();
      status.textContent = 'We’ve emailed a sign-in link to the address this gallery was shared with. It works once, in the browser you open it in.';
    } catch (e) {
      button.disabled = false;
      status.textContent =
        e instanceof ApiError && e.status === 429 ? 'We’ve already sent sign-in links recently: please check your inbox, or try again later.' : 'We couldn’t send the email. Please try again in a moment.';
    }
  });
  return h('div', { class: 'sign-in-offer' }, button, status);
}

function renderPassword(offerSignIn = false, problem: string | null = null) {
  document.title = 'Password required';
  clear(root);
  const input = h('input', { id: 'gallery-password', class: 'input', type: 'password', name: 'password', autocomplete: 'current-password', required: true, 'aria-describedby': 'password-error' });
  const error = h('p', { id: 'password-error', class: 'form-error', role: 'alert', 'data-testid': 'password-error' });
  const submit = h('button', { class: 'button button-primary button-block', type: 'submit' }, 'View gallery');
  const form = h(
    'form',
    { class: 'form', novalidate: true, 'data-testid': 'password-form' },
    h('label', { class: 'label', for: 'gallery-password' }, 'Password'),
    input,
    error,
    submit,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    input.removeAttribute('aria-invalid');
    if (!input.value) {
      error.textContent = 'Please enter the password.';
      input.setAttribute('aria-invalid', 'true');
      input.focus();
      return;
    }
    submit.disabled = true;
    submit.textContent = 'Checking…';
    try {
      await api.unlock(input.value);
      await start();
    } catch (e) {
      submit.disabled = false;
      submit.textContent = 'View gallery';
      input.setAttribute('aria-invalid', 'true');
      if (e instanceof ApiError && e.status === 429) {
        const minutes = e.retryAfter ? Math.max(1, Math.ceil(e.retryAfter / 60)) : null;
        error.textContent = `Too many tries. For your security, please wait${minutes ? ` ${plural(minutes, 'minute')}` : ' a while'} before trying again.`;
      } else if (e instanceof ApiError && e.status === 401) {
        error.textContent = 'That password isn’t right. Please check it and try again.';
        input.select();
      } else if (e instanceof ApiError && e.status === 404) {
        renderFailure(e);
        return;
      } else {
        error.textContent = e instanceof Error ? e.message : 'Something went wrong.';
      }
      input.focus();
    }
  });
  root.appendChild(
    h(
      'main',
      { class: 'center-screen', 'data-state': 'password' },
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'password-title' },
        h('div', { class: 'card-icon' }, icon('lock', { size: 28 })),
        h('h1', { id: 'password-title', class: 'card-title' }, 'This gallery is private'),
        h('p', { class: 'card-text' }, 'Enter the password your studio gave you to see your photos.'),
        problem ? h('p', { class: 'form-error', role: 'alert', 'data-testid': 'sign-in-problem' }, problem) : null,
        form,
        offerSignIn ? signInOffer() : null,
      ),
    ),
  );
  input.focus();
}

// ---------------------------------------------------------------------------------------------
// The gallery

const can = () => state.gallery!.link.can;
/** Hearts are shown where favourites work, and on a general link of a proofing gallery, where they lead to a claim. */
const showsFavourites = () => can().favourite || (state.gallery!.link.kind === 'general' && can().claim && state.gallery!.status === 'proofing');

let grid: HTMLElement;
let moreButton: HTMLButtonElement;
let endNote: HTMLElement;
let filterBar: HTMLElement;
let downloadsButton: HTMLButtonElement | null = null;
let observer: IntersectionObserver | null = null;

function renderGallery() {
  const gallery = state.gallery!;
  document.title = gallery.title;
  clear(root);

  grid = h('ul', { class: 'grid', 'data-testid': 'grid', 'aria-label': 'Photos' });
  moreButton = h('button', { class: 'button button-ghost', type: 'button', onclick: () => void loadMore() }, 'Load more photos');
  endNote = h('p', { class: 'end-note', hidden: true });
  filterBar = h('div', { class: 'filters', role: 'toolbar', 'aria-label': 'Filter photos' });

  const topActions = h('div', { class: 'topbar-actions' });
  if (can().download) {
    downloadsButton = h('button', { class: 'button button-outline', type: 'button', 'data-testid': 'open-downloads', onclick: () => void openDownloads() }, icon('download', { size: 18 }), h('span', {}, 'Downloads'));
    topActions.appendChild(downloadsButton);
  }

  const hero = renderHero(gallery);
  root.appendChild(h('header', { class: 'topbar' }, h('span', { class: 'topbar-title' }, gallery.title), topActions));
  root.appendChild(hero);
  root.appendChild(
    h(
      'main',
      { class: 'content', id: 'photos' },
      h('div', { class: 'toolbar' }, filterBar, statusHint(gallery)),
      grid,
      h('div', { class: 'more' }, moreButton, endNote),
      h('div', { class: 'sentinel', 'aria-hidden': 'true' }),
    ),
  );
  root.appendChild(h('footer', { class: 'footer' }, h('span', {}, gallery.title), h('span', { class: 'footer-dot', 'aria-hidden': 'true' }, '·'), h('span', {}, 'Private client gallery')));

  observer?.disconnect();
  observer = new IntersectionObserver((entries) => {
    if (entries.some((entry) => entry.isIntersecting) && state.nextCursor && !state.loading) void loadMore();
  }, { rootMargin: '800px 0px' });
  observer.observe(root.querySelector('.sentinel')!);

  renderFilters();
  void reload().then(applyPendingActions);
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

function statusHint(gallery: PublicGallery) {
  const parts: string[] = [];
  if (showsFavourites()) parts.push('Tap the heart to keep a favourite.');
  if (can().download) {
    const { limit, remaining } = gallery.link.downloads;
    parts.push(limit === null ? 'Download any photo, or all of them as a zip.' : `You can download ${plural(remaining ?? 0, 'more photo')} (limit ${limit}).`);
  }
  if (gallery.link.settings.watermark) parts.push('Previews carry the studio’s watermark.');
  return h('p', { class: 'toolbar-hint', 'data-testid': 'status-hint' }, parts.join(' '));
}

function renderFilters() {
  const gallery = state.gallery!;
  clear(filterBar);
  if (!gallery.filtersEnabled && !can().favourite) return;
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
  for (const chip of chips) filterBar.appendChild(chip);
}

async function reload() {
  state.generation += 1;
  state.images = [];
  state.nextCursor = null;
  clear(grid);
  grid.setAttribute('aria-busy', 'true');
  await loadMore(true);
}

async function loadMore(first = false) {
  if (state.loading || (!first && !state.nextCursor)) return;
  const generation = state.generation;
  state.loading = true;
  moreButton.disabled = true;
  moreButton.textContent = 'Loading…';
  try {
    const { body } = await api.images({ cursor: first ? null : state.nextCursor, limit: PAGE_SIZE, label: state.label, favourites: state.favouritesOnly });
    if (generation !== state.generation) return;
    const before = state.labels.size;
    for (const image of body.data) {
      if (image.label) state.labels.add(image.label);
      state.images.push(image);
      grid.appendChild(tile(image, state.images.length - 1));
    }
    state.nextCursor = body.meta.nextCursor;
    if (state.labels.size !== before) renderFilters();
  } catch (error) {
    if (error instanceof ApiError && (error.status === 401 || error.status === 403 || error.status === 404)) return renderFailure(error);
    toast(error instanceof Error ? error.message : 'Could not load photos', 'error');
  } finally {
    if (generation === state.generation) {
      state.loading = false;
      grid.removeAttribute('aria-busy');
      moreButton.disabled = false;
      moreButton.textContent = 'Load more photos';
      moreButton.hidden = !state.nextCursor;
      endNote.hidden = Boolean(state.nextCursor);
      endNote.textContent = state.images.length === 0 ? (state.favouritesOnly ? 'No favourites yet. Tap the heart on a photo to keep it here.' : 'No photos here yet.') : plural(state.images.length, 'photo');
    }
  }
}

function describe(image: PublicImage, index: number) {
  return `Photo ${index + 1}${image.label ? `, ${image.label}` : ''}${image.takenAt ? `, ${formatDate(image.takenAt)}` : ''}`;
}

function tile(image: PublicImage, index: number) {
  const ratio = image.width && image.height ? image.width / image.height : 1.5;
  const img = h('img', { class: 'tile-image', src: image.thumbUrl ?? '', alt: '', loading: index < 12 ? 'eager' : 'lazy', decoding: 'async', width: image.width ?? undefined, height: image.height ?? undefined });
  img.addEventListener('load', () => img.classList.add('is-loaded'));
  img.addEventListener('error', () => void refreshUrls());
  const open = h('button', { class: 'tile-open', type: 'button', 'aria-label': `Open ${describe(image, index)}`, 'data-testid': 'thumb', onclick: () => openLightbox(index) }, img);
  const item = h('li', { class: 'tile', 'data-image-id': image.id }, open, tileActions(image, index));
  item.style.setProperty('--ratio', String(ratio));
  return item;
}

function tileActions(image: PublicImage, index: number) {
  const actions = h('div', { class: 'tile-actions' });
  if (showsFavourites()) actions.appendChild(favouriteButton(image, index, 'tile-action'));
  if (can().download) actions.appendChild(managerButton(image, index));
  if (image.downloaded) actions.appendChild(h('span', { class: 'tile-badge', title: 'Downloaded' }, icon('check', { size: 14 }), h('span', { class: 'visually-hidden' }, 'Downloaded')));
  return actions;
}

function favouriteButton(image: PublicImage, index: number, className: string) {
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
      grid.querySelector(`[data-image-id="${CSS.escape(image.id)}"]`)?.remove();
    }
  } catch (error) {
    image.favourite = !next;
    repaintFavourites();
    if (error instanceof ApiError && error.name === 'ClaimRequiredError') {
      openClaim({ reason: 'favourite', imageId: image.id });
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
async function applyPendingActions() {
  if (can().download) await refreshManager().catch(() => undefined);
  await applyPendingDownload();
  await applyPendingFavourite();
}

async function applyPendingDownload() {
  const pending = sessionStorage.getItem(PENDING_DOWNLOAD);
  if (!pending || !can().download) return;
  sessionStorage.removeItem(PENDING_DOWNLOAD);
  try {
    setManager((await api.addDownloads([pending])).body.data);
    toast('Added to your downloads on your private link', 'success');
  } catch (error) {
    handleDownloadError(error);
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
      const { body } = await api.images({ cursor, limit: 100, label: state.label, favourites: state.favouritesOnly });
      for (const image of body.data) fresh.set(image.id, image);
      cursor = body.meta.nextCursor;
    } while (cursor && fresh.size < state.images.length);
    state.images.forEach((image) => {
      const update = fresh.get(image.id);
      if (!update) return;
      image.thumbUrl = update.thumbUrl;
      image.previewUrl = update.previewUrl;
      image.expiresAt = update.expiresAt;
      const img = grid.querySelector<HTMLImageElement>(`[data-image-id="${CSS.escape(image.id)}"] img`);
      if (img && update.thumbUrl) img.src = update.thumbUrl;
    });
  })()
    .catch(() => undefined)
    .finally(() => {
      refreshing = null;
    });
}

// ---------------------------------------------------------------------------------------------
// Lightbox

let lightbox: { element: HTMLElement; index: number; opener: HTMLElement | null; render: () => void } | null = null;

function openLightbox(index: number) {
  const opener = document.activeElement as HTMLElement | null;
  const image = h('img', { class: 'lightbox-image', alt: '', 'data-testid': 'lightbox-image' });
  const caption = h('p', { class: 'lightbox-caption', id: 'lightbox-caption', 'aria-live': 'polite' });
  const counter = h('span', { class: 'lightbox-counter' });
  const actions = h('div', { class: 'lightbox-actions' });
  const prev = h('button', { class: 'lightbox-nav lightbox-prev', type: 'button', 'aria-label': 'Previous photo', onclick: () => step(-1) }, icon('left', { size: 28 }));
  const next = h('button', { class: 'lightbox-nav lightbox-next', type: 'button', 'aria-label': 'Next photo', onclick: () => step(1) }, icon('right', { size: 28 }));
  const close = h('button', { class: 'icon-button', type: 'button', 'aria-label': 'Close viewer', 'data-testid': 'lightbox-close', onclick: () => closeLightbox() }, icon('close', { size: 22 }));
  const element = h(
    'div',
    { class: 'lightbox', role: 'dialog', 'aria-modal': 'true', 'aria-label': 'Photo viewer', 'aria-describedby': 'lightbox-caption', 'data-testid': 'lightbox' },
    h('div', { class: 'lightbox-bar' }, counter, h('div', { class: 'lightbox-bar-actions' }, actions, close)),
    h('figure', { class: 'lightbox-stage' }, image),
    prev,
    next,
    caption,
  );
  element.addEventListener('click', (event) => {
    if (event.target === element || (event.target as HTMLElement).classList.contains('lightbox-stage')) closeLightbox();
  });

  let touchX: number | null = null;
  element.addEventListener('touchstart', (event) => (touchX = event.touches[0]?.clientX ?? null), { passive: true });
  element.addEventListener('touchend', (event) => {
    const endX = event.changedTouches[0]?.clientX;
    if (touchX !== null && endX !== undefined && Math.abs(endX - touchX) > 50) step(endX < touchX ? 1 : -1);
    touchX = null;
  });

  const render = () => {
    const current = state.images[lightbox!.index];
    if (!current) return;
    image.classList.remove('is-loaded');
    image.onload = () => image.classList.add('is-loaded');
    image.src = current.previewUrl ?? current.thumbUrl ?? '';
    image.alt = describe(current, lightbox!.index);
    image.dataset.imageId = current.id;
    counter.textContent = `${lightbox!.index + 1} / ${state.images.length}${state.nextCursor ? '+' : ''}`;
    caption.textContent = [current.label, formatDate(current.takenAt)].filter(Boolean).join(' · ');
    prev.disabled = lightbox!.index === 0;
    next.disabled = lightbox!.index >= state.images.length - 1 && !state.nextCursor;
    clear(actions);
    if (showsFavourites()) actions.appendChild(favouriteButton(current, lightbox!.index, 'icon-button'));
    if (can().download) actions.appendChild(singleDownloadControl(current));
    // Warm the neighbours so arrow keys feel instant.
    for (const neighbour of [state.images[lightbox!.index + 1], state.images[lightbox!.index - 1]]) {
      if (neighbour?.previewUrl) new Image().src = neighbour.previewUrl;
    }
  };

  lightbox = { element, index, opener, render };
  document.body.appendChild(element);
  document.body.classList.add('has-modal');
  document.addEventListener('keydown', onLightboxKey);
  render();
  close.focus();
}

function step(delta: number) {
  if (!lightbox) return;
  const target = lightbox.index + delta;
  if (target < 0) return;
  if (target >= state.images.length) {
    if (!state.nextCursor) return;
    void loadMore().then(() => {
      if (lightbox && target < state.images.length) {
        lightbox.index = target;
        lightbox.render();
      }
    });
    return;
  }
  lightbox.index = target;
  lightbox.render();
}

function onLightboxKey(event: KeyboardEvent) {
  // A dialog opened from the viewer (the email prompt) owns the keyboard until it closes.
  if (!lightbox || document.querySelector('.dialog-backdrop')) return;
  if (event.key === 'Escape') {
    event.preventDefault();
    closeLightbox();
  } else if (event.key === 'ArrowRight') {
    if ((event.target as HTMLElement)?.tagName === 'SELECT') return;
    event.preventDefault();
    step(1);
  } else if (event.key === 'ArrowLeft') {
    if ((event.target as HTMLElement)?.tagName === 'SELECT') return;
    event.preventDefault();
    step(-1);
  } else {
    trapFocus(lightbox.element, event);
  }
}

function closeLightbox() {
  if (!lightbox) return;
  const { element, index } = lightbox;
  document.removeEventListener('keydown', onLightboxKey);
  element.remove();
  document.body.classList.remove('has-modal');
  lightbox = null;
  // Back to the photo the viewer ended on (the opener if it never moved).
  const current = state.images[index];
  const thumb = current ? grid.querySelector<HTMLElement>(`[data-image-id="${CSS.escape(current.id)}"] .tile-open`) : null;
  thumb?.focus();
  thumb?.scrollIntoView({ block: 'nearest' });
}

// ---------------------------------------------------------------------------------------------
// Downloads

function resolutionSelect(id: string) {
  const resolutions = state.gallery!.link.settings.resolutions;
  const select = h('select', { id, class: 'select', 'data-testid': 'resolution' });
  for (const resolution of resolutions) select.appendChild(h('option', { value: resolution, selected: resolution === state.resolution }, RESOLUTION_NAMES[resolution] ?? resolution));
  select.addEventListener('change', () => {
    state.resolution = select.value as Resolution;
    document.querySelectorAll<HTMLSelectElement>('select[data-testid="resolution"]').forEach((other) => (other.value = state.resolution));
  });
  return select;
}

function singleDownloadControl(image: PublicImage) {
  const resolutions = state.gallery!.link.settings.resolutions;
  const button = h('button', { class: 'button button-light', type: 'button', 'data-testid': 'download-single' }, icon('download', { size: 18 }), h('span', {}, 'Download'));
  button.addEventListener('click', () => void downloadOne(image.id, button));
  if (resolutions.length <= 1) return button;
  return h('div', { class: 'download-control' }, h('label', { class: 'visually-hidden', for: 'lightbox-resolution' }, 'Resolution'), resolutionSelect('lightbox-resolution'), button);
}

function managerButton(image: PublicImage, index: number) {
  const button = h('button', { class: 'tile-action', type: 'button', 'data-testid': 'add-download' });
  const paint = () => {
    const added = state.inManager.has(image.id);
    clear(button);
    button.appendChild(icon(added ? 'check' : 'plus', { size: 20 }));
    button.setAttribute('aria-pressed', String(added));
    button.setAttribute('aria-label', added ? `Remove ${describe(image, index)} from your downloads` : `Add ${describe(image, index)} to your downloads`);
  };
  paint();
  managerPainters.set(button, paint);
  button.addEventListener('click', async () => {
    try {
      const added = state.inManager.has(image.id);
      setManager((added ? await api.removeDownload(image.id) : await api.addDownloads([image.id])).body.data);
      toast(added ? 'Removed from your downloads' : 'Added to your downloads', 'success', 2500);
    } catch (error) {
      // The claim keeps this photo: it is added on the private link the claim moves to.
      if (error instanceof ApiError && error.name === 'ClaimRequiredError') return openClaim({ reason: 'download', imageId: image.id });
      handleDownloadError(error);
    }
  });
  return button;
}

const managerPainters = new Map<HTMLElement, () => void>();

function setManager(manager: DownloadManager) {
  state.manager = manager;
  state.inManager = new Set(manager.items.map((item) => item.imageId));
  const gallery = state.gallery!;
  gallery.link.downloads = { limit: manager.limit, used: manager.used, remaining: manager.remaining };
  for (const [button, paint] of managerPainters) {
    if (!button.isConnected) managerPainters.delete(button);
    else paint();
  }
  if (downloadsButton) {
    const label = downloadsButton.querySelector('span')!;
    label.textContent = manager.items.length > 0 ? `Downloads (${manager.items.length})` : 'Downloads';
  }
  const hint = document.querySelector('[data-testid="status-hint"]');
  if (hint) hint.replaceWith(statusHint(gallery));
  if (panel) panel.render();
}

function handleDownloadError(error: unknown) {
  if (!(error instanceof ApiError)) return toast('Something went wrong with the download.', 'error');
  if (error.name === 'ClaimRequiredError') return openClaim({ reason: 'download' });
  if (error.name === 'DownloadLimitReachedError') {
    const { limit, remaining, requested } = error.details as { limit: number; remaining: number; requested: number };
    return toast(
      remaining > 0 ? `You asked for ${plural(requested, 'photo')} but have ${remaining} of ${limit} downloads left.` : `You have used all ${limit} downloads for this gallery.`,
      'error',
      7000,
    );
  }
  if (error.status === 409) return toast('That photo was already downloaded, so it stays in your list.', 'info');
  if (error.name === 'ActionNotAllowedError') return toast('Downloads are not available for this gallery.', 'error');
  return toast(error.message, 'error');
}

function fileNameFrom(disposition: string | null, fallback: string) {
  if (!disposition) return fallback;
  const star = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(disposition);
  if (star) {
    try {
      return decodeURIComponent(star[1]);
    } catch {
      /* fall through */
    }
  }
  return /filename\s*=\s*"?([^";]+)"?/i.exec(disposition)?.[1] ?? fallback;
}

/** A single download: fetched so a refusal (limit reached, claim first) is shown, not saved as a file. */
async function downloadOne(imageId: string, button?: HTMLButtonElement) {
  if (button) {
    button.disabled = true;
    button.classList.add('is-busy');
  }
  try {
    const response = await fetch(api.downloadUrl(imageId, state.resolution), { credentials: 'same-origin' });
    if (!response.ok) {
      const body = await response.json().catch(() => null);
      const error = body?.error ?? {};
      throw new ApiError(response.status, error.name ?? 'HttpError', error.message ?? response.statusText, error.details ?? {});
    }
    const blob = await response.blob();
    const url = URL.createObjectURL(blob);
    const anchor = h('a', { href: url, download: fileNameFrom(response.headers.get('Content-Disposition'), `photo-${imageId}.jpg`), class: 'visually-hidden' });
    document.body.appendChild(anchor);
    anchor.click();
    anchor.remove();
    window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
    const image = state.images.find((candidate) => candidate.id === imageId);
    if (image && !image.downloaded) {
      image.downloaded = true;
      const actions = grid.querySelector(`[data-image-id="${CSS.escape(imageId)}"] .tile-actions`);
      if (actions) actions.replaceWith(tileActions(image, state.images.indexOf(image)));
    }
    toast('Download started', 'success', 2500);
    await refreshManager();
  } catch (error) {
    handleDownloadError(error);
  } finally {
    if (button) {
      button.disabled = false;
      button.classList.remove('is-busy');
    }
  }
}

async function refreshManager() {
  try {
    setManager((await api.downloads()).body.data);
  } catch (error) {
    if (error instanceof ApiError && error.name === 'ClaimRequiredError') return;
    throw error;
  }
}

let panel: { element: HTMLElement; render: () => void; opener: HTMLElement | null } | null = null;

async function openDownloads() {
  try {
    setManager((await api.downloads()).body.data);
  } catch (error) {
    return handleDownloadError(error);
  }
  const opener = document.activeElement as HTMLElement | null;
  const body = h('div', { class: 'panel-body' });
  const result = h('div', { class: 'package-result', 'data-testid': 'package-result', 'aria-live': 'polite' });
  const close = h('button', { class: 'icon-button', type: 'button', 'aria-label': 'Close downloads', onclick: () => closeDownloads() }, icon('close', { size: 22 }));
  const element = h(
    'div',
    { class: 'panel-backdrop', 'data-testid': 'downloads-panel' },
    h(
      'aside',
      { class: 'panel', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'downloads-title' },
      h('header', { class: 'panel-header' }, h('h2', { id: 'downloads-title', class: 'panel-title' }, 'Your downloads'), close),
      body,
      result,
    ),
  );
  element.addEventListener('click', (event) => {
    if (event.target === element) closeDownloads();
  });

  const render = () => {
    const manager = state.manager!;
    // Re-rendering replaces the focused control: keep focus inside the dialog, not on <body>.
    const hadFocus = body.contains(document.activeElement);
    window.setTimeout(() => {
      if (hadFocus && !element.contains(document.activeElement)) close.focus();
    });
    clear(body);
    body.appendChild(allowance(manager));
    const resolutions = state.gallery!.link.settings.resolutions;
    body.appendChild(
      h(
        'div',
        { class: 'field' },
        h('label', { class: 'label', for: 'panel-resolution' }, 'Resolution'),
        resolutions.length > 1 ? resolutionSelect('panel-resolution') : h('p', { class: 'field-value', id: 'panel-resolution' }, RESOLUTION_NAMES[resolutions[0]] ?? resolutions[0]),
      ),
    );
    if (manager.watermarked) body.appendChild(h('p', { class: 'note' }, 'Downloaded photos carry the studio’s watermark.'));

    const list = h('ul', { class: 'download-list', 'data-testid': 'download-items' });
    if (manager.items.length === 0) {
      body.appendChild(h('p', { class: 'empty' }, 'Nothing selected yet. Use ', h('span', { class: 'inline-icon' }, icon('plus', { size: 14 })), ' on a photo to add it here, or download the whole gallery below.'));
    }
    for (const item of manager.items) {
      const image = state.images.find((candidate) => candidate.id === item.imageId);
      const download = h('button', { class: 'icon-button', type: 'button', 'aria-label': `Download ${item.label ?? 'photo'}` }, icon('download', { size: 18 }));
      download.addEventListener('click', () => void downloadOne(item.imageId, download));
      const remove = h('button', { class: 'icon-button', type: 'button', 'aria-label': `Remove ${item.label ?? 'photo'} from downloads`, 'data-testid': 'remove-download' }, icon('trash', { size: 18 }));
      remove.addEventListener('click', async () => {
        try {
          setManager((await api.removeDownload(item.imageId)).body.data);
        } catch (error) {
          handleDownloadError(error);
          await refreshManager();
        }
      });
      list.appendChild(
        h(
          'li',
          { class: 'download-item', 'data-state': item.state, 'data-testid': 'download-item' },
          image?.thumbUrl ? h('img', { class: 'download-thumb', src: image.thumbUrl, alt: '' }) : h('span', { class: 'download-thumb download-thumb-empty' }, icon('image', { size: 18 })),
          h('span', { class: 'download-name' }, item.label ?? 'Photo'),
          h('span', { class: `badge badge-${item.state}` }, item.state === 'downloaded' ? 'Downloaded' : item.state === 'granted' ? 'Counted' : 'Ready'),
          h('span', { class: 'download-actions' }, download, item.removable ? remove : null),
        ),
      );
    }
    if (manager.items.length > 0) body.appendChild(list);

    const selected = h('button', { class: 'button button-primary button-block', type: 'button', 'data-testid': 'package-selected', disabled: manager.items.length === 0 }, `Download selected as zip (${manager.items.length})`);
    selected.addEventListener('click', () => void requestPackage(result, manager.items.map((item) => item.imageId), selected));
    const all = h('button', { class: 'button button-outline button-block', type: 'button', 'data-testid': 'package-all' }, 'Download all as zip');
    all.addEventListener('click', () => void requestPackage(result, 'all', all));
    body.appendChild(h('div', { class: 'panel-actions' }, selected, all));
  };

  panel = { element, render, opener };
  render();
  document.addEventListener('keydown', onPanelKey);
  document.body.appendChild(element);
  document.body.classList.add('has-modal');
  close.focus();
}

function allowance(manager: DownloadManager) {
  if (manager.limit === null) {
    return h('div', { class: 'allowance', 'data-testid': 'allowance' }, h('p', { class: 'allowance-big' }, 'Unlimited'), h('p', { class: 'allowance-text' }, `downloads · ${manager.used} so far`));
  }
  const meter = h('div', { class: 'meter', role: 'meter', 'aria-valuemin': 0, 'aria-valuemax': manager.limit, 'aria-valuenow': manager.used, 'aria-label': 'Downloads used' }, h('span', { class: 'meter-fill' }));
  (meter.firstChild as HTMLElement).style.width = `${Math.min(100, (manager.used / Math.max(1, manager.limit)) * 100)}%`;
  return h(
    'div',
    { class: 'allowance', 'data-testid': 'allowance' },
    h('p', { class: 'allowance-big' }, h('span', { 'data-testid': 'remaining' }, String(manager.remaining ?? 0)), h('span', { class: 'allowance-of' }, ` of ${manager.limit} left`)),
    meter,
    h(
      'dl',
      { class: 'allowance-stats' },
      h('div', {}, h('dt', {}, 'Limit'), h('dd', { 'data-testid': 'limit' }, String(manager.limit))),
      h('div', {}, h('dt', {}, 'Used'), h('dd', { 'data-testid': 'used' }, String(manager.used))),
      h('div', {}, h('dt', {}, 'Remaining'), h('dd', { 'data-testid': 'remaining-stat' }, String(manager.remaining ?? 0))),
    ),
  );
}

async function allImageIds(): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const { body } = await api.images({ cursor, limit: 100 });
    ids.push(...body.data.map((image) => image.id));
    cursor = body.meta.nextCursor;
  } while (cursor && ids.length < 10000);
  return ids;
}

async function requestPackage(result: HTMLElement, imageIds: string[] | 'all', button: HTMLButtonElement) {
  button.disabled = true;
  clear(result);
  result.appendChild(h('p', { class: 'note' }, 'Requesting your zip…'));
  try {
    // Without ids the server packs the download manager's list (or everything when it is empty), so "all" names every photo.
    const ids = imageIds === 'all' ? (state.inManager.size > 0 ? await allImageIds() : undefined) : imageIds;
    const { body } = await api.package(state.resolution, ids);
    const pkg = body.data;
    clear(result);
    const emailed = state.gallery!.link.kind === 'private';
    result.appendChild(
      h(
        'div',
        { class: 'package-card', 'data-status': pkg.status },
        h('p', { class: 'package-title' }, h('span', { class: 'spinner spinner-small', 'aria-hidden': 'true' }), pkg.status === 'preparing' ? 'Preparing your zip' : 'Your zip is ready'),
        h('p', { class: 'note' }, `${plural(pkg.imageCount, 'photo')}, ${RESOLUTION_NAMES[pkg.resolution] ?? pkg.resolution}. ${emailed ? 'We’ll email you a link as soon as it’s ready.' : 'Keep this link to fetch it when it’s ready.'}`),
        pkg.downloadUrl ? h('a', { class: 'button button-light button-block', href: pkg.downloadUrl, 'data-testid': 'package-link', rel: 'noreferrer' }, icon('download', { size: 18 }), h('span', {}, 'Download zip')) : null,
        h('p', { class: 'fine' }, `Link valid until ${formatDate(pkg.expiresAt)}.`),
      ),
    );
    await refreshManager();
  } catch (error) {
    clear(result);
    handleDownloadError(error);
  } finally {
    button.disabled = false;
  }
}

function onPanelKey(event: KeyboardEvent) {
  if (!panel || document.querySelector('.dialog-backdrop')) return;
  if (event.key === 'Escape') {
    event.preventDefault();
    closeDownloads();
  } else trapFocus(panel.element.querySelector('.panel')!, event);
}

function closeDownloads() {
  if (!panel) return;
  document.removeEventListener('keydown', onPanelKey);
  panel.element.remove();
  document.body.classList.remove('has-modal');
  const opener = panel.opener;
  panel = null;
  opener?.focus();
}

// ---------------------------------------------------------------------------------------------
// Claim: a general link's visitor gets a private link by email

function openClaim(context: { reason: 'favourite' | 'download'; imageId?: string }) {
  const opener = document.activeElement as HTMLElement | null;
  const input = h('input', { id: 'claim-email', class: 'input', type: 'email', name: 'email', autocomplete: 'email', required: true, 'aria-describedby': 'claim-error' });
  const error = h('p', { id: 'claim-error', class: 'form-error', role: 'alert' });
  const submit = h('button', { class: 'button button-primary button-block', type: 'submit' }, 'Email me my private link');
  const cancel = h('button', { class: 'button button-ghost button-block', type: 'button', onclick: () => close() }, 'Not now');
  const content = h('div', { class: 'dialog-content' });
  const dialog = h(
    'div',
    { class: 'dialog-backdrop', 'data-testid': 'claim-dialog' },
    h('section', { class: 'dialog card', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'claim-title' }, content),
  );
  const form = h('form', { class: 'form', novalidate: true }, h('label', { class: 'label', for: 'claim-email' }, 'Your email'), input, error, submit, cancel);
  content.append(
    h('div', { class: 'card-icon' }, icon(context.reason === 'favourite' ? 'heart' : 'download', { size: 28 })),
    h('h2', { id: 'claim-title', class: 'card-title' }, context.reason === 'favourite' ? 'Save your favourites' : 'Get your downloads'),
    h(
      'p',
      { class: 'card-text' },
      context.reason === 'favourite'
        ? 'This link is shared. Enter your email and we’ll send you your own private link, where your favourites are kept just for you.'
        : 'Downloads are counted per person. Enter your email and we’ll send you your own private link to download from.',
    ),
    form,
  );

  input.addEventListener('input', () => {
    error.textContent = '';
    input.removeAttribute('aria-invalid');
  });

  function close() {
    dialog.remove();
    document.body.classList.remove('has-modal');
    opener?.focus();
  }
  dialog.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      close();
    } else trapFocus(dialog.querySelector('.dialog')!, event);
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    const email = input.value.trim();
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
      error.textContent = 'Please enter a valid email address.';
      input.setAttribute('aria-invalid', 'true');
      input.focus();
      return;
    }
    submit.disabled = true;
    submit.textContent = 'Sending…';
    try {
      const { status, body } = await api.claim(email);
      clear(content);
      const done = h('button', { class: 'button button-primary button-block', type: 'button', onclick: () => close() }, 'Close');
      if (status === 201 && body.data.token) {
        if (context.imageId) sessionStorage.setItem(context.reason === 'favourite' ? PENDING_FAVOURITE : PENDING_DOWNLOAD, context.imageId);
        const target = `/g/${encodeURIComponent(body.data.token)}`;
        content.append(
          h('div', { class: 'card-icon' }, icon('mail', { size: 28 })),
          h('h2', { id: 'claim-title', class: 'card-title', 'data-testid': 'claim-done' }, 'Your private link is on its way'),
          h('p', { class: 'card-text' }, `We’ve emailed it to ${email}. Taking you to your private gallery now…`),
          h('a', { class: 'button button-primary button-block', href: target, 'data-testid': 'claim-continue' }, 'Continue to my gallery'),
        );
        window.setTimeout(() => window.location.assign(target), 1800);
      } else {
        content.append(
          h('div', { class: 'card-icon' }, icon('mail', { size: 28 })),
          h('h2', { id: 'claim-title', class: 'card-title', 'data-testid': 'claim-done' }, 'Check your email'),
          h('p', { class: 'card-text' }, `You already have a private link for this gallery. We’ve sent a sign-in link to ${email}: open it to continue.`),
          done,
        );
        done.focus();
      }
    } catch (e) {
      submit.disabled = false;
      submit.textContent = 'Email me my private link';
      if (e instanceof ApiError && e.status === 400) error.textContent = 'Please enter a valid email address.';
      else if (e instanceof ApiError && e.status === 429) error.textContent = 'Too many requests. Please try again in a few minutes.';
      else if (e instanceof ApiError && e.status === 409) error.textContent = 'This link is already private: you can use it as it is.';
      else error.textContent = e instanceof Error ? e.message : 'Something went wrong.';
      input.focus();
    }
  });

  document.body.appendChild(dialog);
  document.body.classList.add('has-modal');
  input.focus();
}

void signInFromAddress().then((problem) => start(problem));
// The sign-in link opened in a tab already on this gallery only changes the fragment: no new page load.
window.addEventListener('hashchange', () => {
  if (/(?:^#|&)sign-in=/.test(window.location.hash)) void signInFromAddress().then((problem) => start(problem));
});
