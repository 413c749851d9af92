import './styles.css';
import { ApiError, request, type PortalGallery } from './lib/api';
import { clear, formatDate, h, icon, plural, toast } from './lib/dom';

/**
 * /portal — a client account's galleries (every private link shared with the account's confirmed
 * email). Log in with users-permissions (POST /api/auth/local); the JWT lives in sessionStorage
 * only, so closing the tab logs out. The grid/table choice is kept in localStorage.
 */
const JWT_KEY = 'cg_portal_jwt';
const LAYOUT_KEY = 'cg_portal_layout';
type Layout = 'grid' | 'table';

const root = document.getElementById('app')!;

function jwt(): string | null {
  return sessionStorage.getItem(JWT_KEY);
}

function layout(): Layout {
  return localStorage.getItem(LAYOUT_KEY) === 'table' ? 'table' : 'grid';
}

async function start() {
  if (!jwt()) return renderLogin();
  try {
    const { body } = await request<{ data: PortalGallery[] }>('/api/portal/galleries', { bearer: jwt() });
    renderGalleries(body.data);
  } catch (error) {
    if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
      sessionStorage.removeItem(JWT_KEY);
      return renderLogin(error.name === 'EmailNotConfirmedError' ? 'Please confirm your email address first: we sent you a link when you signed up.' : 'Your session has ended. Please log in again.');
    }
    renderLogin(error instanceof Error ? error.message : 'Something went wrong.');
  }
}

function renderLogin(message = '') {
  document.title = 'Log in · Your galleries';
  clear(root);
  const email = h('input', { id: 'portal-email', class: 'input', type: 'email', name: 'identifier', autocomplete: 'username', required: true });
  const password = h('input', { id: 'portal-password', class: 'input', type: 'password', name: 'password', autocomplete: 'current-password', required: true });
  const error = h('p', { id: 'login-error', class: 'form-error', role: 'alert', 'data-testid': 'login-error' }, message);
  const submit = h('button', { class: 'button button-primary button-block', type: 'submit' }, 'Log in');
  const form = h(
    'form',
    { class: 'form', novalidate: true, 'data-testid': 'login-form', 'aria-describedby': 'login-error' },
    h('label', { class: 'label', for: 'portal-email' }, 'Email'),
    email,
    h('label', { class: 'label', for: 'portal-password' }, 'Password'),
    password,
    error,
    submit,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    if (!email.value.trim() || !password.value) {
      error.textContent = 'Please enter your email and password.';
      return;
    }
    submit.disabled = true;
    submit.textContent = 'Logging in…';
    try {
      const { body } = await request<{ jwt: string }>('/api/auth/local', { method: 'POST', body: { identifier: email.value.trim(), password: password.value } });
      sessionStorage.setItem(JWT_KEY, body.jwt);
      await start();
    } catch (e) {
      submit.disabled = false;
      submit.textContent = 'Log in';
      if (e instanceof ApiError && e.status === 400) error.textContent = /confirm/i.test(e.message) ? 'Please confirm your email address first.' : 'That email and password don’t match an account.';
      else if (e instanceof ApiError && e.status === 429) error.textContent = 'Too many attempts. Please wait a few minutes and try again.';
      else error.textContent = e instanceof Error ? e.message : 'Something went wrong.';
      password.select();
      password.focus();
    }
  });
  root.appendChild(
    h(
      'main',
      { class: 'center-screen', 'data-state': 'login' },
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'login-title' },
        h('p', { class: 'eyebrow' }, 'Client portal'),
        h('h1', { id: 'login-title', class: 'card-title' }, 'Your galleries'),
        h('p', { class: 'card-text' }, 'Log in to see every gallery your studio has shared with you.'),
        form,
      ),
    ),
  );
  email.focus();
}

function renderGalleries(galleries: PortalGallery[]) {
  document.title = 'Your galleries';
  clear(root);
  const list = h('div', { class: 'portal-list', 'data-testid': 'portal-list' });
  const toggle = (value: Layout, label: string, name: string) =>
    h(
      'button',
      {
        class: 'segmented-option',
        type: 'button',
        'aria-pressed': String(layout() === value),
        'data-testid': `layout-${value}`,
        onclick: () => {
          localStorage.setItem(LAYOUT_KEY, value);
          renderGalleries(galleries);
        },
      },
      icon(name, { size: 16 }),
      h('span', {}, label),
    );
  const logout = h('button', { class: 'button button-ghost', type: 'button', onclick: () => {
    sessionStorage.removeItem(JWT_KEY);
    renderLogin();
  } }, 'Log out');

  root.appendChild(h('header', { class: 'topbar' }, h('span', { class: 'topbar-title' }, 'Client portal'), h('div', { class: 'topbar-actions' }, logout)));
  root.appendChild(
    h(
      'main',
      { class: 'content content-portal' },
      h(
        'div',
        { class: 'portal-head' },
        h('div', {}, h('h1', { class: 'page-title' }, 'Your galleries'), h('p', { class: 'muted' }, plural(galleries.length, 'gallery', 'galleries'))),
        h('div', { class: 'segmented', role: 'group', 'aria-label': 'Layout' }, toggle('grid', 'Grid', 'grid'), toggle('table', 'Table', 'list')),
      ),
      list,
    ),
  );

  if (galleries.length === 0) {
    list.appendChild(h('p', { class: 'empty' }, 'No galleries have been shared with your email yet.'));
    return;
  }
  list.appendChild(layout() === 'grid' ? grid(galleries) : table(galleries));
}

function statusText(gallery: PortalGallery) {
  if (!gallery.available) return 'Unavailable';
  return ({ proofing: 'Proofing', locked: 'Selections closed', ready: 'Ready', archived: 'Archived' } as Record<string, string>)[gallery.status] ?? gallery.status;
}

function openButton(gallery: PortalGallery, className: string) {
  if (!gallery.available || !gallery.open) return h('span', { class: 'badge badge-unavailable', 'data-testid': 'unavailable' }, 'Unavailable');
  const button = h('button', { class: className, type: 'button', 'data-testid': 'open-gallery', 'aria-label': `Open ${gallery.title}` }, 'Open');
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      const { body } = await request<{ data: { token: string } }>(gallery.open!.path, { method: 'POST', bearer: jwt() });
      window.location.assign(`/g/${encodeURIComponent(body.data.token)}`);
    } catch (error) {
      button.disabled = false;
      toast(error instanceof ApiError && error.status === 404 ? 'This gallery is no longer available.' : 'Could not open the gallery. Please try again.', 'error');
    }
  });
  return button;
}

function grid(galleries: PortalGallery[]) {
  return h(
    'ul',
    { class: 'portal-grid' },
    galleries.map((gallery) =>
      h(
        'li',
        { class: `portal-card${gallery.available ? '' : ' is-unavailable'}`, 'data-testid': 'portal-gallery' },
        h(
          'div',
          { class: 'portal-cover' },
          gallery.coverThumbUrl ? h('img', { src: gallery.coverThumbUrl, alt: '', loading: 'lazy' }) : h('span', { class: 'portal-cover-empty' }, icon(gallery.passwordProtected ? 'lock' : 'image', { size: 28 })),
        ),
        h(
          'div',
          { class: 'portal-card-body' },
          h('h2', { class: 'portal-card-title' }, gallery.title),
          h('p', { class: 'muted' }, [gallery.client?.name ?? null, gallery.shootDate ? formatDate(gallery.shootDate) : null].filter(Boolean).join(' · ')),
          h(
            'p',
            { class: 'portal-card-state' },
            h('span', { class: 'portal-status', 'data-testid': 'portal-status' }, statusText(gallery)),
            gallery.deadline ? h('span', { class: 'portal-deadline', 'data-testid': 'portal-deadline' }, ` · Deadline ${formatDate(gallery.deadline, true)}`) : null,
          ),
          h('div', { class: 'portal-card-actions' }, openButton(gallery, 'button button-primary')),
        ),
      ),
    ),
  );
}

function table(galleries: PortalGallery[]) {
  return h(
    'table',
    { class: 'portal-table' },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Gallery'), h('th', { scope: 'col' }, 'Shoot date'), h('th', { scope: 'col' }, 'Deadline'), h('th', { scope: 'col' }, 'Status'), h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Open')))),
    h(
      'tbody',
      {},
      galleries.map((gallery) =>
        h(
          'tr',
          { class: gallery.available ? '' : 'is-unavailable', 'data-testid': 'portal-gallery' },
          h('th', { scope: 'row' }, gallery.title, gallery.client ? h('span', { class: 'portal-row-client' }, gallery.client.name) : null),
          h('td', { class: 'cell-shoot' }, formatDate(gallery.shootDate, true) || '—'),
          h('td', { class: 'cell-deadline', 'data-testid': 'portal-deadline' }, gallery.deadline ? h('span', { class: 'cell-label' }, 'Deadline ') : null, formatDate(gallery.deadline, true) || '—'),
          h('td', { class: 'cell-status', 'data-testid': 'portal-status' }, statusText(gallery)),
          h('td', { class: 'cell-action' }, openButton(gallery, 'button button-outline button-small')),
        ),
      ),
    ),
  );
}

void start();
