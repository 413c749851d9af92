import { ApiError, request } from '../lib/api';
import { h } from '../lib/dom';
import { accountCard, busy, errorLine, field, genericProblem, links } from './forms';
import { session } from './session';
import { PORTAL_PAGES } from '../../shared/page-paths';

/** Log in with users-permissions (POST /api/auth/local); the JWT goes to sessionStorage only. */
export function renderLogin(onLoggedIn: () => Promise<void>, message = '') {
  const email = field('portal-email', 'Email', { type: 'email', name: 'identifier', autocomplete: 'username', required: true });
  const password = field('portal-password', 'Password', { type: 'password', name: 'password', autocomplete: 'current-password', required: true });
  const error = errorLine('login-error', message);
  const submit = h('button', { class: 'button button-primary button-block', type: 'submit' }, 'Log in');
  const form = h(
    'form',
    { class: 'form', novalidate: true, 'data-testid': 'login-form', 'aria-describedby': 'login-error' },
    email.nodes,
    password.nodes,
    error,
    submit,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    if (!email.input.value.trim() || !password.input.value) {
      error.textContent = 'Please enter your email and password.';
      return;
    }
    busy(submit, 'Logging in…');
    try {
      const { body } = await request<{ jwt: string }>('/api/auth/local', {
        method: 'POST',
        body: { identifier: email.input.value.trim(), password: password.input.value },
      });
      session.logIn(body.jwt);
      await onLoggedIn();
    } catch (e) {
      busy(submit, null);
      if (e instanceof ApiError && e.status === 400)
        error.textContent = /confirm/i.test(e.message)
          ? 'Please confirm your email address first: open the link we mailed you when you signed up.'
          : 'That email and password don’t match an account.';
      else error.textContent = genericProblem(e);
      password.input.select();
      password.input.focus();
    }
  });
  accountCard(
    'login',
    'Your galleries',
    'Log in to see every gallery your studio has shared with you.',
    form,
    links([PORTAL_PAGES.forgotPassword, 'Forgot your password?', 'forgot-link'], [PORTAL_PAGES.signUp, 'Create an account', 'sign-up-link']),
  );
  document.title = 'Log in · Your galleries';
  email.input.focus();
}
