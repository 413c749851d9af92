import { ApiError, request, type PortalGallery } from '../lib/api';
import { clear, formatDate, h, icon, plural, toast } from '../lib/dom';
import { studioMark } from '../lib/brand';
import { galleryPagePath } from '../../shared/page-paths';
import { root } from './forms';
import { layout, session, setLayout, type Layout } from './session';

/**
 * An account's galleries (GET /api/portal/galleries) in a grid or a table, each opened through
 * POST /api/portal/galleries/:id/open. With nothing shared, the page says why that can be and
 * what to do, naming the address the account is logged in with.
 */
export interface GalleriesView {
  galleries: PortalGallery[];
  /** The account's address (GET /api/users/me); null if it could not be read. */
  email: string | null;
  reload: () => Promise<void>;
  logOut: () => void;
}

export function renderGalleries(view: GalleriesView) {
  const { galleries } = view;
  document.title = 'Your galleries';
  const app = root();
  clear(app);
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
          setLayout(value);
          renderGalleries(view);
        },
      },
      icon(name, { size: 16 }),
      h('span', {}, label),
    );
  const logout = h('button', { class: 'button button-ghost', type: 'button', onclick: view.logOut }, 'Log out');
  const who = view.email
    ? h('span', { class: 'topbar-account', 'data-testid': 'portal-account' }, h('span', { class: 'visually-hidden' }, 'Logged in as '), view.email)
    : null;

  app.appendChild(
    h('header', { class: 'topbar' }, h('div', { class: 'topbar-brand' }, studioMark('bar'), h('span', { class: 'topbar-title' }, 'Client portal')), h('div', { class: 'topbar-actions' }, who, logout)),
  );
  app.appendChild(
    h(
      'main',
      { class: 'content content-portal' },
      h(
        'div',
        { class: 'portal-head' },
        h('div', {}, h('h1', { class: 'page-title' }, 'Your galleries'), h('p', { class: 'muted' }, plural(galleries.length, 'gallery', 'galleries'))),
        galleries.length > 0
          ? h('div', { class: 'segmented', role: 'group', 'aria-label': 'Layout' }, toggle('grid', 'Grid', 'grid'), toggle('table', 'Table', 'list'))
          : null,
      ),
      list,
    ),
  );
  list.appendChild(galleries.length === 0 ? emptyHints(view) : layout() === 'grid' ? grid(galleries) : table(galleries));
}

/** Nothing shared: the reasons the spec lists, each with what the client can do about it. */
function emptyHints(view: GalleriesView) {
  const refresh = h('button', { class: 'button button-outline button-small', type: 'button', 'data-testid': 'portal-refresh' }, 'Refresh');
  refresh.addEventListener('click', async () => {
    refresh.disabled = true;
    refresh.textContent = 'Refreshing…';
    await view.reload();
  });
  // A fresh node per use: a DOM node lives in one place only.
  const address = () => (view.email ? h('strong', { class: 'portal-email' }, view.email) : 'the address you log in with');
  const hint = (testid: string, title: string, ...text: (Node | string)[]) =>
    h('li', { class: 'portal-hint', 'data-testid': testid }, h('h3', { class: 'portal-hint-title' }, title), h('p', { class: 'portal-hint-text' }, ...text));
  return h(
    'section',
    { class: 'portal-empty', 'aria-labelledby': 'portal-empty-title', 'data-testid': 'portal-empty' },
    h('h2', { id: 'portal-empty-title', class: 'portal-empty-title' }, 'No galleries here yet'),
    h('p', { class: 'muted' }, 'Galleries appear here once your studio shares them with your email address. If you expected one, here is what to check:'),
    h(
      'ul',
      { class: 'portal-hints' },
      hint(
        'hint-email',
        'The email address',
        'You are logged in as ',
        address(),
        '. Your studio must have invited exactly this address: if they used another one (a work address, say), ask them to share the gallery with this one, or sign up with that address.',
      ),
      hint(
        'hint-invitation',
        'The invitation',
        'If your studio sent you a gallery link to enter your email on, open it and enter ',
        address(),
        ' to accept the invitation. Private invitations appear here on their own.',
      ),
      hint('hint-refresh', 'Just shared?', 'Access changes show the next time this page loads. ', refresh),
      hint(
        'hint-availability',
        'Unpublished or past its deadline',
        'A gallery your studio has not published yet, or whose link has expired, is listed as unavailable until they publish or renew it; a withdrawn invitation takes it off this page. After its deadline a gallery stays, closed for selections: ask your studio if you need more time.',
      ),
    ),
  );
}

function statusText(gallery: PortalGallery) {
  if (!gallery.available) return 'Unavailable';
  return (
    ({ proofing: 'Proofing', locked: 'Selections closed', ready: 'Ready', archived: 'Archived' } as Record<string, string>)[gallery.status] ?? gallery.status
  );
}

function openButton(gallery: PortalGallery, className: string) {
  if (!gallery.available || !gallery.open) return h('span', { class: 'badge badge-unavailable', 'data-testid': 'unavailable' }, 'Unavailable');
  const button = h('button', { class: className, type: 'button', 'data-testid': 'open-gallery', 'aria-label': `Open ${gallery.title}` }, 'Open');
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      const { body } = await request<{ data: { token: string } }>(gallery.open!.path, { method: 'POST', bearer: session.jwt() });
      window.location.assign(galleryPagePath(body.data.token));
    } catch (error) {
      button.disabled = false;
      toast(
        error instanceof ApiError && error.status === 404 ? 'This gallery is no longer available.' : 'Could not open the gallery. Please try again.',
        'error',
      );
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
          gallery.coverThumbUrl
            ? h('img', { src: gallery.coverThumbUrl, alt: '', loading: 'lazy' })
            : h('span', { class: 'portal-cover-empty' }, icon(gallery.passwordProtected ? 'lock' : 'image', { size: 28 })),
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
            gallery.deadline
              ? h('span', { class: 'portal-deadline', 'data-testid': 'portal-deadline' }, ` · Deadline ${formatDate(gallery.deadline, true)}`)
              : null,
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
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, 'Gallery'),
        h('th', { scope: 'col' }, 'Shoot date'),
        h('th', { scope: 'col' }, 'Deadline'),
        h('th', { scope: 'col' }, 'Status'),
        h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Open')),
      ),
    ),
    h(
      'tbody',
      {},
      galleries.map((gallery) =>
        h(
          'tr',
          { class: gallery.available ? '' : 'is-unavailable', 'data-testid': 'portal-gallery' },
          h('th', { scope: 'row' }, gallery.title, gallery.client ? h('span', { class: 'portal-row-client' }, gallery.client.name) : null),
          h('td', { class: 'cell-shoot' }, formatDate(gallery.shootDate, true) || '—'),
          h(
            'td',
            { class: 'cell-deadline', 'data-testid': 'portal-deadline' },
            gallery.deadline ? h('span', { class: 'cell-label' }, 'Deadline ') : null,
            formatDate(gallery.deadline, true) || '—',
          ),
          h('td', { class: 'cell-status', 'data-testid': 'portal-status' }, statusText(gallery)),
          h('td', { class: 'cell-action' }, openButton(gallery, 'button button-outline button-small')),
        ),
      ),
    ),
  );
}
