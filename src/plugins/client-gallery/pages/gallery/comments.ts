import { ApiError, type PublicComment, type PublicImage } from '../lib/api';
import { clear, formatDate, h, toast } from '../lib/dom';
import { COMMENT_MAX_LENGTH } from '../../shared/proofing';
import { api, can, state } from './context';

/**
 * A photo's comment thread in the lightbox: the client's messages and the studio's
 * replies, oldest first. Bodies are plain text and only ever set as textContent, never as HTML.
 */
export const showsComments = () => Boolean(state.gallery?.commentsAllowed) && can().own;

/** A photo's thread, or (image null) the gallery's own thread under the grid. */
export function commentThread(image: PublicImage | null) {
  const key = image?.id ?? 'gallery';
  const list = h('ol', { class: 'comments-list', 'data-testid': 'comments-list', 'aria-live': 'polite' });
  const field = h('textarea', {
    id: `comment-${key}`,
    class: 'input comment-input',
    rows: 2,
    maxlength: COMMENT_MAX_LENGTH,
    'data-testid': 'comment-input',
  });
  const send = h('button', { class: 'button button-outline', type: 'submit', 'data-testid': 'comment-send' }, 'Send');
  const form = h('form', { class: 'comment-form', hidden: true }, h('label', { class: 'visually-hidden', for: `comment-${key}` }, 'Your comment'), field, send);
  const section = h(
    'section',
    { class: 'comments', 'data-testid': 'comments', 'aria-label': image ? 'Comments on this photo' : 'Comments on the gallery' },
    h('h2', { class: 'comments-title' }, image ? 'Comments' : 'Comments on the gallery'),
    list,
    form,
  );

  const render = (comments: PublicComment[], open: boolean) => {
    clear(list);
    if (comments.length === 0)
      list.appendChild(
        h('li', { class: 'comment-empty' }, open ? `No comments yet. Ask the studio anything about this ${image ? 'photo' : 'gallery'}.` : 'No comments.'),
      );
    for (const comment of comments) {
      list.appendChild(
        h(
          'li',
          { class: `comment comment-${comment.author}`, 'data-testid': 'comment' },
          h(
            'p',
            { class: 'comment-meta' },
            comment.author === 'studio' ? `${comment.authorName ?? 'Studio'} (studio)` : 'You',
            ' · ',
            formatDate(comment.createdAt, true),
          ),
          h('p', { class: 'comment-body' }, comment.body),
        ),
      );
    }
    form.hidden = !open;
  };

  const load = async () => {
    try {
      const { body } = await api.comments(image?.id ?? null);
      render(body.data.comments, body.data.open);
    } catch {
      render([], false);
    }
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = field.value.trim();
    if (!text) return field.focus();
    send.disabled = true;
    try {
      await api.comment(image?.id ?? null, text);
      field.value = '';
      await load();
    } catch (error) {
      toast(error instanceof ApiError ? error.message : 'Could not send your comment', 'error');
    } finally {
      send.disabled = false;
    }
  });

  void load();
  return section;
}
