import { ApiError } from '../lib/api';
import { clear, h, icon, plural } from '../lib/dom';
import { studioMark } from '../lib/brand';
import { act, api, root, state } from './context';

/** Opening the gallery, and the full-page states instead of it: the password (with the sign-in link offer), not found, unavailable, errors. */

export async function start(signInProblem: string | null = null) {
  try {
    const { body } = await api.view();
    state.gallery = body.data;
    state.resolution = body.data.link.settings.resolutions[0] ?? 'web';
    act().renderGallery();
  } catch (error) {
    renderFailure(error, signInProblem);
  }
}

export function renderFailure(error: unknown, problem: string | null = null) {
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
        studioMark('card'),
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
        studioMark('card'),
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
