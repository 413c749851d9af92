import { ApiError, type PublicImage, type PublicSelection } from '../lib/api';
import { clear, formatDate, h, icon, plural, toast, trapFocus } from '../lib/dom';
import { selectionCounter } from '../../shared/proofing';
import { act, api, can, describe, state } from './context';

/**
 * Proofing on the page: the select control (distinct from the heart), the counter
 * "7 of 10 (min 5)", the confirm dialog, and the read-only confirmed set. Everything goes through
 * the public share API; the server decides, the page only shows what it answered.
 */

let selection: PublicSelection | null = null;
const selected = new Set<string>();
const painters = new Map<HTMLElement, () => void>();
let bar: HTMLElement | null = null;

/** Does this page show selection at all? The gallery offers it and the visitor may see their own. */
export const showsSelection = () =>
  Boolean(state.gallery?.selection) && (can().own || (state.gallery!.link.kind === 'general' && can().claim && state.gallery!.status === 'proofing'));

export async function loadSelection() {
  if (!state.gallery?.selection || !can().own) return;
  try {
    setSelection((await api.selection()).body.data);
  } catch {
    // The grid still works without it; the bar says nothing.
  }
}

function setSelection(next: PublicSelection) {
  selection = next;
  selected.clear();
  for (const item of next.items) selected.add(item.id);
  repaint();
}

function repaint() {
  for (const [element, paint] of painters) {
    if (!element.isConnected) painters.delete(element);
    else paint();
  }
  paintBar();
}

/** The select toggle of one photo: a tick, "Select" / "Selected"; read-only once confirmed or closed. */
export function selectButton(image: PublicImage, index: number, className: string) {
  const button = h('button', { class: `${className} select-toggle`, type: 'button', 'data-testid': 'select', 'data-image-id': image.id });
  const paint = () => {
    const on = selected.has(image.id);
    clear(button);
    button.appendChild(icon('check', { size: 18 }));
    // The name starts with the visible word ("Select" / "Selected"), so speech users can say what they see.
    button.appendChild(h('span', { class: 'select-text' }, on ? 'Selected' : 'Select'));
    button.appendChild(h('span', { class: 'visually-hidden' }, ` ${describe(image, index)}`));
    button.setAttribute('aria-pressed', String(on));
    button.title = on ? 'Selected: tap to remove from your selection' : 'Select for your final set';
    const readOnly = selection !== null && !selection.open;
    button.disabled = readOnly;
    if (readOnly) button.title = selection?.confirmedAt ? 'Your selection is confirmed' : 'Selection is closed';
  };
  paint();
  button.addEventListener('click', () => void toggle(image));
  painters.set(button, paint);
  return button;
}

async function toggle(image: PublicImage) {
  const on = !selected.has(image.id);
  try {
    await api.select(image.id, on);
    setSelection((await api.selection()).body.data);
  } catch (error) {
    if (error instanceof ApiError && error.name === 'ClaimRequiredError') return act().openClaim({ reason: 'favourite', imageId: image.id });
    if (error instanceof ApiError && error.details?.name === 'SelectionFull')
      return toast(`Your selection is full: at most ${error.details.max} photos. Remove one first.`, 'error');
    if (error instanceof ApiError && error.details?.name === 'SelectionConfirmed') return toast('Your selection is confirmed and cannot change.', 'error');
    toast(error instanceof Error ? error.message : 'Could not change your selection', 'error');
  }
}

/** The bar above the grid: counter, confirm button, or the confirmed (read-only) notice. */
export function selectionBar() {
  bar = h('section', { class: 'selection-bar', 'data-testid': 'selection-bar', 'aria-label': 'Your selection', hidden: true });
  paintBar();
  return bar;
}

function paintBar() {
  if (!bar) return;
  clear(bar);
  if (!selection) {
    bar.hidden = true;
    return;
  }
  bar.hidden = false;
  const counter = h(
    'p',
    { class: 'selection-counter', 'data-testid': 'selection-counter', 'aria-live': 'polite' },
    selectionCounter(selection.count, selection.min, selection.max),
  );
  bar.appendChild(counter);
  // The reopen note asks for a choice, so it shows only while the selection can still change: a
  // reopened selection that the gallery has since closed (Ready, locked) says only that it is closed.
  if (selection.reopenReason && !selection.confirmedAt && selection.open) {
    bar.appendChild(
      h(
        'p',
        { class: 'selection-note', 'data-testid': 'reopen-reason' },
        `The studio reopened your selection (round ${selection.round}): `,
        h('q', {}, selection.reopenReason),
      ),
    );
  }
  if (selection.confirmedAt) {
    bar.appendChild(
      h(
        'p',
        { class: 'selection-note', 'data-testid': 'selection-confirmed' },
        icon('lock', { size: 16 }),
        ` Confirmed on ${formatDate(selection.confirmedAt)} (round ${selection.round}). Your final set is read-only.`,
      ),
    );
  } else if (selection.open) {
    const tooFew = selection.count < Math.max(1, selection.min ?? 1);
    const confirm = h(
      'button',
      { class: 'button button-primary', type: 'button', 'data-testid': 'confirm-selection', onclick: () => openConfirm() },
      'Confirm final selection',
    );
    confirm.disabled = tooFew;
    if (tooFew) confirm.title = `Select at least ${Math.max(1, selection.min ?? 1)} photos first`;
    bar.appendChild(confirm);
  } else {
    bar.appendChild(h('p', { class: 'selection-note' }, 'Selection is closed. This is what you chose.'));
  }
}

/** "Are you sure? This is final", with the count; Escape or Cancel changes nothing. */
function openConfirm() {
  if (!selection) return;
  const opener = document.activeElement as HTMLElement | null;
  const yes = h(
    'button',
    { class: 'button button-primary button-block', type: 'button', 'data-testid': 'confirm-yes' },
    `Confirm ${plural(selection.count, 'photo')}`,
  );
  const no = h('button', { class: 'button button-ghost button-block', type: 'button' }, 'Cancel');
  const dialog = h(
    'div',
    { class: 'dialog-backdrop', 'data-testid': 'confirm-dialog' },
    h(
      'section',
      { class: 'dialog card', role: 'alertdialog', 'aria-modal': 'true', 'aria-labelledby': 'confirm-title', 'aria-describedby': 'confirm-text' },
      h(
        'div',
        { class: 'dialog-content' },
        h('h2', { id: 'confirm-title', class: 'card-title' }, 'Are you sure? This is final'),
        h(
          'p',
          { id: 'confirm-text', class: 'card-text' },
          `You are confirming ${plural(selection.count, 'photo')} as your final selection. After this you cannot change it unless the studio reopens it.`,
        ),
        yes,
        no,
      ),
    ),
  );
  const close = () => {
    dialog.remove();
    document.body.classList.remove('has-modal');
    opener?.focus();
  };
  no.addEventListener('click', close);
  dialog.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      close();
    } else trapFocus(dialog.querySelector('.dialog')!, event);
  });
  yes.addEventListener('click', async () => {
    yes.disabled = true;
    try {
      await api.confirmSelection();
      close();
      toast('Thank you! Your final selection is confirmed.', 'success');
    } catch (error) {
      close();
      toast(error instanceof ApiError ? error.message : 'Could not confirm your selection', 'error');
    }
    await loadSelection();
  });
  document.body.appendChild(dialog);
  document.body.classList.add('has-modal');
  yes.focus();
}
