import { ApiError, request } from '../lib/api';
import { h } from '../lib/dom';
import { accountCard, busy, errorLine, field, genericProblem, links, MIN_PASSWORD } from './forms';
import { PORTAL_PAGES } from '../../shared/page-paths';

/**
 * Forgotten password (users-permissions POST /api/auth/forgot-password): whatever the address,
 * the page says the same thing, so it never tells whether an account exists (users-permissions
 * answers 200 for unknown addresses too). The mail links to /portal/reset-password?code=… when
 * the host opts in (hostSettings.portalPasswordReset).
 */
export function renderForgotPassword() {
  const email = field('forgot-email', 'Email', { type: 'email', name: 'email', autocomplete: 'email', required: true });
  const error = errorLine('forgot-error');
  const submit = h('button', { class: 'button button-primary button-block', type: 'submit' }, 'Send me a link');
  const form = h('form', { class: 'form', novalidate: true, 'data-testid': 'forgot-form', 'aria-describedby': 'forgot-error' }, email.nodes, error, submit);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    const address = email.input.value.trim().toLowerCase();
    if (!address || !email.input.checkValidity()) {
      error.textContent = 'Please enter a valid email address.';
      email.input.focus();
      return;
    }
    busy(submit, 'Sending…');
    try {
      await request('/api/auth/forgot-password', { method: 'POST', body: { email: address } });
      accountCard(
        'forgot-sent',
        'Check your email',
        h(
          'p',
          { class: 'card-text', 'data-testid': 'forgot-sent' },
          'If there is an account for ',
          h('strong', {}, address),
          ', we have sent it a link to choose a new password. The link works once. Nothing there after a few minutes? Check your spam folder, or the address.',
        ),
        links([PORTAL_PAGES.home, 'Back to log in', 'login-link']),
      );
      document.getElementById('forgot-sent-title')?.focus();
    } catch (e) {
      busy(submit, null);
      error.textContent = e instanceof ApiError && e.status === 400 ? 'Please enter a valid email address.' : genericProblem(e);
    }
  });
  accountCard(
    'forgot',
    'Forgot your password?',
    'Enter your email address and we will mail you a link to choose a new one.',
    form,
    links([PORTAL_PAGES.home, 'Back to log in', 'login-link']),
  );
  email.input.focus();
}

/**
 * The page the reset mail links to. The code is read once and taken out of the address bar, so
 * it stays out of the history; users-permissions accepts it once (POST /api/auth/reset-password).
 */
export function renderResetPassword() {
  const params = new URLSearchParams(window.location.search);
  const code = params.get('code') ?? '';
  if (params.has('code')) history.replaceState(null, '', PORTAL_PAGES.resetPassword);
  if (!code) return renderLinkProblem();

  const password = field(
    'reset-password',
    'New password',
    { type: 'password', name: 'password', autocomplete: 'new-password', required: true, minlength: String(MIN_PASSWORD) },
    `At least ${MIN_PASSWORD} characters.`,
  );
  const repeat = field('reset-repeat', 'Repeat the new password', {
    type: 'password',
    name: 'passwordConfirmation',
    autocomplete: 'new-password',
    required: true,
  });
  const error = errorLine('reset-error');
  const submit = h('button', { class: 'button button-primary button-block', type: 'submit' }, 'Save the new password');
  const form = h(
    'form',
    { class: 'form', novalidate: true, 'data-testid': 'reset-form', 'aria-describedby': 'reset-error' },
    password.nodes,
    repeat.nodes,
    error,
    submit,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    if (password.input.value.length < MIN_PASSWORD) {
      error.textContent = `Please choose a password of at least ${MIN_PASSWORD} characters.`;
      password.input.focus();
      return;
    }
    if (password.input.value !== repeat.input.value) {
      error.textContent = 'The two passwords are not the same.';
      repeat.input.focus();
      return;
    }
    busy(submit, 'Saving…');
    try {
      await request('/api/auth/reset-password', { method: 'POST', body: { code, password: password.input.value, passwordConfirmation: repeat.input.value } });
      accountCard(
        'reset-done',
        'Password changed',
        'Your new password is saved. Log in with it to see your galleries.',
        links([PORTAL_PAGES.home, 'Log in', 'login-link']),
      );
      document.getElementById('reset-done-title')?.focus();
    } catch (e) {
      busy(submit, null);
      if (e instanceof ApiError && e.status === 400 && /code/i.test(e.message)) return renderLinkProblem();
      error.textContent = e instanceof ApiError && e.status === 400 ? e.message || 'Please check the form.' : genericProblem(e);
    }
  });
  accountCard('reset', 'Choose a new password', 'Choose the password you will log in with from now on.', form);
  password.input.focus();
}

function renderLinkProblem() {
  accountCard(
    'reset-invalid',
    'This link no longer works',
    'A reset link works once, and only the newest one. Ask for a new link and use it from the latest email.',
    links([PORTAL_PAGES.forgotPassword, 'Send me a new link', 'forgot-link'], [PORTAL_PAGES.home, 'Back to log in', 'login-link']),
  );
  document.getElementById('reset-invalid-title')?.focus();
}
