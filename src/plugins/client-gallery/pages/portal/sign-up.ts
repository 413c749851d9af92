import { ApiError, request } from '../lib/api';
import { h } from '../lib/dom';
import { accountCard, busy, errorLine, field, genericProblem, links, MIN_PASSWORD } from './forms';
import { session } from './session';
import { PORTAL_PAGES } from '../../shared/page-paths';

/**
 * Sign up (users-permissions POST /api/auth/local/register; the username is the email). When the
 * host requires email confirmation (the demo does: hostSettings.portalEmailConfirmation) the
 * answer has no JWT and the page says to check the inbox; the mailed link confirms the address
 * and lands back on /portal. Without confirmation the new account is logged in at once.
 */
export function renderSignUp() {
  const email = field(
    'sign-up-email',
    'Email',
    { type: 'email', name: 'email', autocomplete: 'email', required: true },
    'Use the address your studio sends your galleries to.',
  );
  const password = field(
    'sign-up-password',
    'Password',
    { type: 'password', name: 'password', autocomplete: 'new-password', required: true, minlength: String(MIN_PASSWORD) },
    `At least ${MIN_PASSWORD} characters.`,
  );
  const repeat = field('sign-up-repeat', 'Repeat the password', {
    type: 'password',
    name: 'passwordConfirmation',
    autocomplete: 'new-password',
    required: true,
  });
  const error = errorLine('sign-up-error');
  const submit = h('button', { class: 'button button-primary button-block', type: 'submit' }, 'Create account');
  const form = h(
    'form',
    { class: 'form', novalidate: true, 'data-testid': 'sign-up-form', 'aria-describedby': 'sign-up-error' },
    email.nodes,
    password.nodes,
    repeat.nodes,
    error,
    submit,
  );

  const refuse = (message: string, input: HTMLInputElement) => {
    error.textContent = message;
    input.setAttribute('aria-invalid', 'true');
    input.focus();
  };
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    for (const f of [email, password, repeat]) f.input.removeAttribute('aria-invalid');
    const address = email.input.value.trim().toLowerCase();
    if (!address || !email.input.checkValidity()) return refuse('Please enter a valid email address.', email.input);
    if (password.input.value.length < MIN_PASSWORD) return refuse(`Please choose a password of at least ${MIN_PASSWORD} characters.`, password.input);
    if (password.input.value !== repeat.input.value) return refuse('The two passwords are not the same.', repeat.input);
    busy(submit, 'Creating your account…');
    try {
      const { body } = await request<{ jwt?: string }>('/api/auth/local/register', {
        method: 'POST',
        body: { username: address, email: address, password: password.input.value },
      });
      if (body.jwt) {
        session.logIn(body.jwt);
        window.location.assign(PORTAL_PAGES.home);
        return;
      }
      renderCheckInbox(address);
    } catch (e) {
      busy(submit, null);
      if (e instanceof ApiError && e.status === 400 && /taken/i.test(e.message))
        error.textContent = 'There is already an account for this email. Log in, or reset your password if you forgot it.';
      else if (e instanceof ApiError && e.status === 400 && /disabled/i.test(e.message)) error.textContent = 'Sign-up is closed. Please ask your studio.';
      else if (e instanceof ApiError && e.status === 400) error.textContent = e.message || 'Please check the form.';
      else error.textContent = genericProblem(e);
    }
  });
  accountCard(
    'sign-up',
    'Create your account',
    'One account shows every gallery your studio shares with your email address.',
    form,
    links([PORTAL_PAGES.home, 'I already have an account', 'login-link']),
  );
  email.input.focus();
}

/** "Check your email": the address it went to, and a way to ask for the mail again. */
function renderCheckInbox(address: string) {
  const status = h('p', { class: 'note', role: 'status', 'data-testid': 'resend-status' });
  const resend = h('button', { class: 'button button-outline button-block', type: 'button', 'data-testid': 'resend-confirmation' }, 'Send the email again');
  resend.addEventListener('click', async () => {
    busy(resend, 'Sending…');
    try {
      await request('/api/auth/send-email-confirmation', { method: 'POST', body: { email: address } });
      status.textContent = 'Sent again. It can take a minute to arrive.';
    } catch (e) {
      status.textContent = e instanceof ApiError && e.status === 400 ? 'This address is already confirmed: you can log in.' : genericProblem(e);
    } finally {
      busy(resend, null);
    }
  });
  accountCard(
    'check-inbox',
    'Check your email',
    h(
      'p',
      { class: 'card-text' },
      'We sent a link to ',
      h('strong', { 'data-testid': 'sign-up-address' }, address),
      ' to confirm it is yours. Open it, then log in here. Look in your spam folder if it is not there within a few minutes.',
    ),
    resend,
    status,
    links([PORTAL_PAGES.home, 'Back to log in', 'login-link']),
  );
  document.getElementById('check-inbox-title')?.focus();
}
