import { ApiError } from '../lib/api';
import { clear, h } from '../lib/dom';
import { studioMark } from '../lib/brand';

/**
 * The account pages' building blocks: a centred card with a form whose fields have real labels,
 * hints tied with aria-describedby, and one error line that is a live region (role="alert"),
 * so keyboard and screen-reader users get the same feedback as everyone else.
 */
export const root = () => document.getElementById('app')!;

export interface Field {
  input: HTMLInputElement;
  nodes: HTMLElement[];
}

export function field(id: string, label: string, attrs: Record<string, string | boolean>, hint?: string): Field {
  const hintId = hint ? `${id}-hint` : undefined;
  const input = h('input', { id, class: 'input', ...attrs, 'aria-describedby': hintId });
  const nodes: HTMLElement[] = [h('label', { class: 'label', for: id }, label), input];
  if (hint) nodes.push(h('p', { id: hintId, class: 'fine' }, hint));
  return { input, nodes };
}

export function errorLine(id: string, message = '') {
  return h('p', { id, class: 'form-error', role: 'alert', 'data-testid': id }, message);
}

/** A page of the portal's account flow: eyebrow, title, text, then the body (a form or a message). */
export function accountCard(state: string, title: string, text: string | Node, ...body: (Node | null)[]) {
  const root_ = root();
  clear(root_);
  document.title = `${title} · Your galleries`;
  const titleId = `${state}-title`;
  root_.appendChild(
    h(
      'main',
      { class: 'center-screen', 'data-state': state },
      h(
        'section',
        { class: 'card', 'aria-labelledby': titleId },
        studioMark('card'),
        h('p', { class: 'eyebrow' }, 'Client portal'),
        h('h1', { id: titleId, class: 'card-title', tabindex: '-1' }, title),
        typeof text === 'string' ? h('p', { class: 'card-text' }, text) : text,
        ...body,
      ),
    ),
  );
}

/** Links under a form ("Forgot your password?", "Create an account"). */
export function links(...items: [string, string, string][]) {
  return h(
    'p',
    { class: 'account-links' },
    items.map(([href, label, testid]) => h('a', { href, class: 'account-link', 'data-testid': testid }, label)),
  );
}

/** Submit handling: the button says what is happening and cannot be pressed twice. */
export function busy(button: HTMLButtonElement, label: string | null) {
  if (label) {
    button.dataset.label ??= button.textContent ?? '';
    button.disabled = true;
    button.textContent = label;
  } else {
    button.disabled = false;
    button.textContent = button.dataset.label ?? button.textContent;
  }
}

/** What to tell a visitor about a refused request that is not about their input. */
export function genericProblem(error: unknown): string {
  if (error instanceof ApiError && error.status === 429) return 'Too many attempts. Please wait a few minutes and try again.';
  if (error instanceof ApiError && error.status === 0) return error.message;
  return 'Something went wrong. Please try again in a moment.';
}

export const MIN_PASSWORD = 8;
