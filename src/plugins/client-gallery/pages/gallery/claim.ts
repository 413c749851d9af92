import { ApiError } from '../lib/api';
import { clear, h, icon, trapFocus } from '../lib/dom';
import { galleryPagePath } from '../../shared/page-paths';
import { PENDING_DOWNLOAD, PENDING_FAVOURITE, api, type ClaimContext } from './context';

/** Claim: a general link's visitor gets a private link by email. */

export function openClaim(context: ClaimContext) {
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
        const target = galleryPagePath(body.data.token);
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
          // The same words whether or not the address had a link: the page tells nobody who the recipients are.
          h('p', { class: 'card-text' }, `We’ve sent your private link to ${email}: open it to continue.`),
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
