import { clear, formatDate, h, icon, trapFocus } from '../lib/dom';
import { act, can, describe, showsFavourites, state, view } from './context';

/** The large view: one photo at a time, with ←/→, and its favourite and download actions. */

let lightbox: { element: HTMLElement; index: number; opener: HTMLElement | null; render: () => void } | null = null;

export function openLightbox(index: number) {
  const opener = document.activeElement as HTMLElement | null;
  const image = h('img', { class: 'lightbox-image', alt: '', 'data-testid': 'lightbox-image' });
  const caption = h('p', { class: 'lightbox-caption', id: 'lightbox-caption', 'aria-live': 'polite' });
  const side = h('div', { class: 'lightbox-side' });
  const counter = h('span', { class: 'lightbox-counter' });
  // A paired photo's badge: which version this is, and a flip to the next (pairing.ts).
  const pairSlot = h('span', { class: 'lightbox-pair' });
  const actions = h('div', { class: 'lightbox-actions' });
  const prev = h('button', { class: 'lightbox-nav lightbox-prev', type: 'button', 'aria-label': 'Previous photo', onclick: () => step(-1) }, icon('left', { size: 28 }));
  const next = h('button', { class: 'lightbox-nav lightbox-next', type: 'button', 'aria-label': 'Next photo', onclick: () => step(1) }, icon('right', { size: 28 }));
  const close = h('button', { class: 'icon-button lightbox-close', type: 'button', 'aria-label': 'Close viewer', 'data-testid': 'lightbox-close', onclick: () => closeLightbox() }, icon('close', { size: 22 }));
  const element = h(
    'div',
    { class: 'lightbox', role: 'dialog', 'aria-modal': 'true', 'aria-label': 'Photo viewer', 'aria-describedby': 'lightbox-caption', 'data-testid': 'lightbox' },
    // Close is the bar's own cell, so however many actions a link has, they give way and it never leaves the screen.
    h('div', { class: 'lightbox-bar' }, h('div', { class: 'lightbox-bar-start' }, counter, pairSlot), actions, close),
    h('div', { class: 'lightbox-main' }, h('figure', { class: 'lightbox-stage' }, image), prev, next),
    caption,
    side,
  );
  element.addEventListener('click', (event) => {
    if (event.target === element || ['lightbox-stage', 'lightbox-main'].some((name) => (event.target as HTMLElement).classList.contains(name))) closeLightbox();
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
    // Photo details: the studio's file name, label, date and dimensions.
    const size = current.width && current.height ? `${current.width} × ${current.height}` : null;
    caption.textContent = [current.fileName, current.label, formatDate(current.takenAt), size].filter(Boolean).join(' · ');
    prev.disabled = lightbox!.index === 0;
    next.disabled = lightbox!.index >= state.images.length - 1 && !state.nextCursor;
    clear(pairSlot);
    const badge = act().pairBadge(current, () => void flipVersion(), 'lightbox-pair-badge');
    if (badge) pairSlot.appendChild(badge);
    clear(actions);
    if (showsFavourites()) actions.appendChild(act().favouriteButton(current, lightbox!.index, 'icon-button'));
    if (act().showsSelection()) actions.appendChild(act().selectButton(current, lightbox!.index, 'icon-button'));
    if (can().download) actions.appendChild(act().singleDownloadControl(current));
    clear(side);
    side.hidden = !act().showsComments() && !act().showsReview();
    element.classList.toggle('has-side', !side.hidden);
    if (act().showsReview()) side.appendChild(act().reviewControl(current));
    if (act().showsComments()) side.appendChild(act().commentThread(current));
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

/** Show the next version of the photo in view (its original, or its marked-up version), where it sits in the listing. */
async function flipVersion() {
  const current = lightbox ? state.images[lightbox.index] : null;
  if (!current) return;
  const next = await act().nextVersion(current);
  if (!lightbox || !next) return;
  lightbox.index = next.index;
  lightbox.render();
  lightbox.element.querySelector<HTMLElement>('.pair-badge')?.focus();
}

function step(delta: number) {
  if (!lightbox) return;
  const target = lightbox.index + delta;
  if (target < 0) return;
  if (target >= state.images.length) {
    if (!state.nextCursor) return;
    void act().loadMore().then(() => {
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
    if (['SELECT', 'TEXTAREA'].includes((event.target as HTMLElement)?.tagName)) return;
    event.preventDefault();
    step(1);
  } else if (event.key === 'ArrowLeft') {
    if (['SELECT', 'TEXTAREA'].includes((event.target as HTMLElement)?.tagName)) return;
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
  const thumb = current ? view.grid.querySelector<HTMLElement>(`[data-image-id="${CSS.escape(current.id)}"] .tile-open`) : null;
  thumb?.focus();
  thumb?.scrollIntoView({ block: 'nearest' });
}
