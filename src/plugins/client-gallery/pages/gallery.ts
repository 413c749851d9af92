import './styles.css';
import './gallery/proofing.css';
import './gallery/pairing.css';
import { ApiError } from './lib/api';
import { api, wireActions } from './gallery/context';
import { openClaim } from './gallery/claim';
import { commentThread, showsComments } from './gallery/comments';
import { handleDownloadError, managerButton, openDownloads, refreshManager, setManager, singleDownloadControl } from './gallery/downloads';
import { applyPendingActions, favouriteButton } from './gallery/favourites';
import { loadMore, renderGallery, statusHint, tileActions } from './gallery/grid';
import { openLightbox } from './gallery/lightbox';
import { requestPackage } from './gallery/packages';
import { nextVersion, pairBadge, versionName } from './gallery/pairing';
import { loadSelection, selectButton, selectionBar, showsSelection } from './gallery/proofing';
import { reviewControl, showsReview } from './gallery/review';
import { renderFailure, start } from './gallery/states';

/**
 * /g/:token — a share link's gallery. It talks only to the public share API (the same routes a
 * headless client uses) and only offers what GET /api/share/:token says the link may do.
 * Here: the entry, which wires the parts in gallery/ together and first takes a mailed sign-in
 * ticket out of the address.
 */

// The parts reach one another only through this wiring (gallery/context.ts says why), so it comes
// before anything of the page runs.
wireActions({
  renderFailure,
  renderGallery,
  loadMore,
  statusHint,
  tileActions,
  openLightbox,
  favouriteButton,
  applyPendingActions,
  managerButton,
  singleDownloadControl,
  openDownloads,
  setManager,
  refreshManager,
  handleDownloadError,
  requestPackage,
  openClaim,
  showsSelection,
  loadSelection,
  selectButton,
  selectionBar,
  showsComments,
  commentThread,
  showsReview,
  reviewControl,
  versionName,
  nextVersion,
  pairBadge,
});

/**
 * A mailed sign-in link opens `/g/<token>#sign-in=<ticket>`: the ticket is taken out of the
 * address at once (it works once, and must not stay in history), then exchanged for the unlock cookie.
 */
async function signInFromAddress(): Promise<string | null> {
  const match = /(?:^#|&)sign-in=([^&]+)/.exec(window.location.hash);
  if (!match) return null;
  history.replaceState(null, '', window.location.pathname + window.location.search);
  try {
    await api.signIn(decodeURIComponent(match[1]));
    return null;
  } catch (e) {
    return e instanceof ApiError && e.status === 429
      ? 'Too many tries from here. Please wait a few minutes.'
      : 'That sign-in link has already been used or has expired. Ask for a new one below, or enter the password.';
  }
}

void signInFromAddress().then((problem) => start(problem));
// The sign-in link opened in a tab already on this gallery only changes the fragment: no new page load.
window.addEventListener('hashchange', () => {
  if (/(?:^#|&)sign-in=/.test(window.location.hash)) void signInFromAddress().then((problem) => start(problem));
});
