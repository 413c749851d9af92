import { ApiError, type ClientReviewDecision, type PublicImage, type PublicReview } from '../lib/api';
import { clear, h, toast } from '../lib/dom';
import { COMMENT_MAX_LENGTH } from '../../shared/proofing';
import { api, can, state } from './context';

/**
 * Advanced review in the lightbox: "Approve" or "Request changes" with a note, per
 * photo; the studio sets a photo back to "in review" after a new version. Read-only outside proofing.
 */
let review: PublicReview | null = null;
let loading: Promise<void> | null = null;

export const showsReview = () => Boolean(state.gallery?.reviewEnabled) && can().own;

function loadReview() {
  loading ??= api
    .review()
    .then(({ body }) => {
      review = body.data;
    })
    .catch(() => {
      review = { marks: [], open: false };
    });
  return loading;
}

const DECISION_TEXT = { approved: 'Approved', 'changes-requested': 'Changes requested', 'in-review': 'In review (new version)' } as const;

export function reviewControl(image: PublicImage) {
  const section = h('section', { class: 'review', 'data-testid': 'review', 'aria-label': 'Your review of this photo' });
  const render = () => {
    clear(section);
    const mark = review?.marks.find((candidate) => candidate.imageId === image.id) ?? null;
    section.appendChild(
      h(
        'p',
        { class: 'review-state', 'data-testid': 'review-state' },
        mark ? DECISION_TEXT[mark.decision] : 'Not reviewed yet',
        mark?.note ? ` · “${mark.note}”` : '',
      ),
    );
    if (!review?.open) return;
    const note = h('textarea', {
      class: 'input review-note',
      rows: 2,
      maxlength: COMMENT_MAX_LENGTH,
      'aria-label': 'What should change?',
      'data-testid': 'review-note',
      placeholder: 'What should change?',
    });
    const decide = async (decision: ClientReviewDecision) => {
      const text = note.value.trim();
      if (decision === 'changes-requested' && !text) {
        note.focus();
        return toast('Say what should change, so the studio knows.', 'error');
      }
      try {
        await api.mark(image.id, decision, decision === 'changes-requested' ? text : undefined);
        loading = null;
        await loadReview();
        render();
      } catch (error) {
        toast(error instanceof ApiError ? error.message : 'Could not save your review', 'error');
      }
    };
    section.append(
      note,
      h(
        'div',
        { class: 'review-actions' },
        h('button', { class: 'button button-outline', type: 'button', 'data-testid': 'review-approve', onclick: () => void decide('approved') }, 'Approve'),
        h(
          'button',
          { class: 'button button-ghost', type: 'button', 'data-testid': 'review-changes', onclick: () => void decide('changes-requested') },
          'Request changes',
        ),
      ),
    );
  };
  void loadReview().then(render);
  return section;
}
