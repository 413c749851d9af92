import { ApiError } from '../lib/api';
import { clear, formatDate, h, icon, plural } from '../lib/dom';
import { RESOLUTION_NAMES, act, api, state } from './context';

/** Zip packages: ordering one, following its preparation ("Preparing N of M"), then its size and link. */
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

export async function requestPackage(result: HTMLElement, imageIds: string[] | 'all', button: HTMLButtonElement) {
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
    const title = h('p', { class: 'package-title', 'data-testid': 'package-progress' });
    const bar = h('progress', {
      class: 'package-bar',
      max: String(pkg.imageCount),
      value: String(pkg.prepared ?? 0),
      'aria-label': 'Zip preparation',
    }) as HTMLProgressElement;
    const action = h('div', {});
    const note = h(
      'p',
      { class: 'note' },
      `${plural(pkg.imageCount, 'photo')}, ${RESOLUTION_NAMES[pkg.resolution] ?? pkg.resolution}. ${emailed ? 'We’ll also email you the link.' : 'Keep this page open, or come back to it: the zip keeps.'}`,
    );
    const card = h(
      'div',
      { class: 'package-card', 'data-status': pkg.status },
      title,
      bar,
      note,
      action,
      h('p', { class: 'fine' }, `Link valid until ${formatDate(pkg.expiresAt)}.`),
    );
    result.appendChild(card);
    const shown = { card, title, bar, action, downloadUrl: pkg.downloadUrl };
    showPackage(shown, { status: pkg.status, prepared: pkg.prepared ?? 0, total: pkg.imageCount, bytes: pkg.bytes ?? null });
    if (pkg.status === 'preparing' && pkg.statusUrl) void followPackage(shown, pkg.statusUrl);
    await act().refreshManager();
  } catch (error) {
    clear(result);
    act().handleDownloadError(error);
  } finally {
    button.disabled = false;
  }
}

/** "1.4 GB": the zip's size, so the visitor knows what the download is before starting it. */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return unit === 0 ? `${bytes} bytes` : `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

type Progress = { status: string; prepared: number; total: number; bytes: number | null; message?: string };
type PackageView = { card: HTMLElement; title: HTMLElement; bar: HTMLProgressElement; action: HTMLElement; downloadUrl: string | null };

function showPackage(view: PackageView, progress: Progress) {
  const { card, title, bar, action } = view;
  card.dataset.status = progress.status;
  clear(title);
  clear(action);
  bar.max = Math.max(1, progress.total);
  bar.value = progress.status === 'ready' ? progress.total : progress.prepared;
  if (progress.status === 'preparing') {
    title.append(h('span', { class: 'spinner spinner-small', 'aria-hidden': 'true' }), `Preparing ${progress.prepared} of ${progress.total}`);
    return;
  }
  bar.hidden = true;
  if (progress.status === 'failed') {
    // Not "gone": the visitor learns what happened and that ordering again is free.
    title.append(progress.message ?? 'Preparing this zip failed. Order it again: that costs nothing.');
    return;
  }
  if (progress.status !== 'ready') {
    title.append('This zip is no longer available. Ask for a new one.');
    return;
  }
  const size = progress.bytes !== null ? formatBytes(progress.bytes) : null;
  title.append(size ? `Your zip is ready · ${size}` : 'Your zip is ready');
  if (view.downloadUrl) {
    const href = new URL(view.downloadUrl).pathname;
    action.appendChild(
      h(
        'a',
        { class: 'button button-light button-block', href, 'data-testid': 'package-link', rel: 'noreferrer' },
        icon('download', { size: 18 }),
        h('span', {}, size ? `Download zip (${size})` : 'Download zip'),
      ),
    );
  }
}

/** Poll the package's cheap status route until it is ready (or gone), while its card is on the page. */
async function followPackage(view: PackageView, statusUrl: string) {
  let delay = 1000;
  while (view.card.isConnected) {
    await new Promise((resolve) => setTimeout(resolve, delay));
    if (!view.card.isConnected) return;
    try {
      const { body } = await api.packageProgress(statusUrl);
      showPackage(view, body.data);
      if (body.data.status !== 'preparing') return;
      delay = 1000;
    } catch (error) {
      if (error instanceof ApiError && error.status >= 400 && error.status < 500) {
        showPackage({ ...view, downloadUrl: null }, { status: 'gone', prepared: 0, total: 0, bytes: null });
        return;
      }
      delay = Math.min(delay * 2, 15_000); // the server or the network is away: back off, keep trying
    }
  }
}
