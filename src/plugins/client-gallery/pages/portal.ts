import './styles.css';
import './portal/portal.css';
import { ApiError, request, type PortalGallery } from './lib/api';
import { renderGalleries } from './portal/galleries';
import { renderLogin } from './portal/login';
import { renderForgotPassword, renderResetPassword } from './portal/password';
import { session } from './portal/session';
import { PORTAL_PAGES } from '../shared/page-paths';
import { renderSignUp } from './portal/sign-up';

/**
 * /portal and its account pages (one shell, routed here by path): log in, sign up (with the
 * "check your email" step when confirmation is on), forgot password, and the reset page the
 * mail links to. Accounts are users-permissions'; the galleries are the plugin's portal API.
 */
async function home() {
  const jwt = session.jwt();
  if (!jwt) return renderLogin(home);
  try {
    const [{ body }, email] = await Promise.all([request<{ data: PortalGallery[] }>('/api/portal/galleries', { bearer: jwt }), accountEmail(jwt)]);
    renderGalleries({
      galleries: body.data,
      email,
      reload: home,
      logOut: () => {
        session.logOut();
        renderLogin(home);
      },
    });
  } catch (error) {
    if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
      session.logOut();
      return renderLogin(
        home,
        error.name === 'EmailNotConfirmedError'
          ? 'Please confirm your email address first: we sent you a link when you signed up.'
          : 'Your session has ended. Please log in again.',
      );
    }
    renderLogin(home, error instanceof Error ? error.message : 'Something went wrong.');
  }
}

/** The logged-in address, for the page to say which email galleries are matched against. */
async function accountEmail(jwt: string): Promise<string | null> {
  try {
    return (await request<{ email?: string }>('/api/users/me', { bearer: jwt })).body.email ?? null;
  } catch {
    return null;
  }
}

const path = window.location.pathname.replace(/\/+$/, '');
if (path === PORTAL_PAGES.signUp) renderSignUp();
else if (path === PORTAL_PAGES.forgotPassword) renderForgotPassword();
else if (path === PORTAL_PAGES.resetPassword) renderResetPassword();
else void home();
