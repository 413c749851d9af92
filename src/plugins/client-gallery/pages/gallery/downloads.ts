import { ApiError, type DownloadManager, type PublicImage, type Resolution } from '../lib/api';
import { clear, h, icon, plural, toast, trapFocus } from '../lib/dom';
import { RESOLUTION_NAMES, act, api, describe, state, view } from './context';

/** Single downloads, the download manager and its panel, and zip packages. */

function resolutionSelect(id: string) {
  const resolutions = state.gallery!.link.settings.resolutions;
  const select = h('select', { id, class: 'select', 'data-testid': 'resolution' });
  for (const resolution of resolutions)
    select.appendChild(h('option', { value: resolution, selected: resolution === state.resolution }, RESOLUTION_NAMES[resolution] ?? resolution));
  select.addEventListener('change', () => {
    state.resolution = select.value as Resolution;
    document.querySelectorAll<HTMLSelectElement>('select[data-testid="resolution"]').forEach((other) => (other.value = state.resolution));
  });
  return select;
}

export function singleDownloadControl(image: PublicImage) {
  const resolutions = state.gallery!.link.settings.resolutions;
  const button = h(
    'button',
    { class: 'button button-light download-single', type: 'button', 'data-testid': 'download-single', title: 'Download' },
    icon('download', { size: 18 }),
    h('span', { class: 'download-single-text' }, 'Download'),
  );
  button.addEventListener('click', () => void downloadOne(image.id, button));
  if (resolutions.length <= 1) return button;
  return h(
    'div',
    { class: 'download-control' },
    h('label', { class: 'visually-hidden', for: 'lightbox-resolution' }, 'Resolution'),
    resolutionSelect('lightbox-resolution'),
    button,
  );
}

export function managerButton(image: PublicImage, index: number) {
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
      if (error instanceof ApiError && error.name === 'ClaimRequiredError') return act().openClaim({ reason: 'download', imageId: image.id });
      handleDownloadError(error);
    }
  });
  return button;
}

const managerPainters = new Map<HTMLElement, () => void>();

export function setManager(manager: DownloadManager) {
  state.manager = manager;
  state.inManager = new Set(manager.items.map((item) => item.imageId));
  const gallery = state.gallery!;
  gallery.link.downloads = { limit: manager.limit, used: manager.used, remaining: manager.remaining };
  for (const [button, paint] of managerPainters) {
    if (!button.isConnected) managerPainters.delete(button);
    else paint();
  }
  if (view.downloadsButton) {
    const label = view.downloadsButton.querySelector('span')!;
    label.textContent = manager.items.length > 0 ? `Downloads (${manager.items.length})` : 'Downloads';
  }
  const hint = document.querySelector('[data-testid="status-hint"]');
  if (hint) hint.replaceWith(act().statusHint(gallery));
  if (panel) panel.render();
}

export function handleDownloadError(error: unknown) {
  if (!(error instanceof ApiError)) return toast('Something went wrong with the download.', 'error');
  if (error.name === 'ClaimRequiredError') return act().openClaim({ reason: 'download' });
  if (error.name === 'DownloadLimitReachedError') {
    const { limit, remaining, requested } = error.details as { limit: number; remaining: number; requested: number };
    return toast(
      remaining > 0
        ? `You asked for ${plural(requested, 'photo')} but have ${remaining} of ${limit} downloads left.`
        : `You have used all ${limit} downloads for this gallery.`,
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
      // Every tile showing it (a paired tile may have flipped to it).
      for (const actions of view.grid.querySelectorAll(`[data-showing="${CSS.escape(imageId)}"] .tile-actions`)) actions.replaceWith(act().tileActions(image, state.images.indexOf(image)));
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

export async function refreshManager() {
  try {
    setManager((await api.downloads()).body.data);
  } catch (error) {
    if (error instanceof ApiError && error.name === 'ClaimRequiredError') return;
    throw error;
  }
}

let panel: { element: HTMLElement; render: () => void; opener: HTMLElement | null } | null = null;

export async function openDownloads() {
  try {
    setManager((await api.downloads()).body.data);
  } catch (error) {
    return handleDownloadError(error);
  }
  const opener = document.activeElement as HTMLElement | null;
  const body = h('div', { class: 'panel-body' });
  const result = h('div', { class: 'package-result', 'data-testid': 'package-result', 'aria-live': 'polite' });
  const close = h(
    'button',
    { class: 'icon-button', type: 'button', 'aria-label': 'Close downloads', onclick: () => closeDownloads() },
    icon('close', { size: 22 }),
  );
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
        resolutions.length > 1
          ? resolutionSelect('panel-resolution')
          : h('p', { class: 'field-value', id: 'panel-resolution' }, RESOLUTION_NAMES[resolutions[0]] ?? resolutions[0]),
      ),
    );
    if (manager.watermarked) body.appendChild(h('p', { class: 'note' }, 'Downloaded photos carry the studio’s watermark.'));

    const list = h('ul', { class: 'download-list', 'data-testid': 'download-items' });
    if (manager.items.length === 0) {
      body.appendChild(
        h(
          'p',
          { class: 'empty' },
          'Nothing selected yet. Use ',
          h('span', { class: 'inline-icon' }, icon('plus', { size: 14 })),
          ' on a photo to add it here, or download the whole gallery below.',
        ),
      );
    }
    for (const item of manager.items) {
      const image = state.images.find((candidate) => candidate.id === item.imageId);
      const download = h('button', { class: 'icon-button', type: 'button', 'aria-label': `Download ${item.label ?? 'photo'}` }, icon('download', { size: 18 }));
      download.addEventListener('click', () => void downloadOne(item.imageId, download));
      const remove = h(
        'button',
        { class: 'icon-button', type: 'button', 'aria-label': `Remove ${item.label ?? 'photo'} from downloads`, 'data-testid': 'remove-download' },
        icon('trash', { size: 18 }),
      );
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
          image?.thumbUrl
            ? h('img', { class: 'download-thumb', src: image.thumbUrl, alt: '' })
            : h('span', { class: 'download-thumb download-thumb-empty' }, icon('image', { size: 18 })),
          h('span', { class: 'download-name' }, item.label ?? 'Photo'),
          h('span', { class: `badge badge-${item.state}` }, item.state === 'downloaded' ? 'Downloaded' : item.state === 'granted' ? 'Counted' : 'Ready'),
          h('span', { class: 'download-actions' }, download, item.removable ? remove : null),
        ),
      );
    }
    if (manager.items.length > 0) body.appendChild(list);

    const selected = h(
      'button',
      { class: 'button button-primary button-block', type: 'button', 'data-testid': 'package-selected', disabled: manager.items.length === 0 },
      `Download selected as zip (${manager.items.length})`,
    );
    selected.addEventListener(
      'click',
      () =>
        void act().requestPackage(
          result,
          manager.items.map((item) => item.imageId),
          selected,
        ),
    );
    const all = h('button', { class: 'button button-outline button-block', type: 'button', 'data-testid': 'package-all' }, 'Download all as zip');
    all.addEventListener('click', () => void act().requestPackage(result, 'all', all));
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
    return h(
      'div',
      { class: 'allowance', 'data-testid': 'allowance' },
      h('p', { class: 'allowance-big' }, 'Unlimited'),
      h('p', { class: 'allowance-text' }, `downloads · ${manager.used} so far`),
    );
  }
  const meter = h(
    'div',
    { class: 'meter', role: 'meter', 'aria-valuemin': 0, 'aria-valuemax': manager.limit, 'aria-valuenow': manager.used, 'aria-label': 'Downloads used' },
    h('span', { class: 'meter-fill' }),
  );
  (meter.firstChild as HTMLElement).style.width = `${Math.min(100, (manager.used / Math.max(1, manager.limit)) * 100)}%`;
  return h(
    'div',
    { class: 'allowance', 'data-testid': 'allowance' },
    h(
      'p',
      { class: 'allowance-big' },
      h('span', { 'data-testid': 'remaining' }, String(manager.remaining ?? 0)),
      h('span', { class: 'allowance-of' }, ` of ${manager.limit} left`),
    ),
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
