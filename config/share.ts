/**
 * Share links and client access (read as strapi.config.get('share')). Every value is read per
 * request, so nothing here is cached in a way that could differ between server instances.
 */
export default ({ env }) => ({
  /** Signs unlock tokens and portal/claim access tokens; defaults to a key derived from APP_KEYS. Same on every instance. */
  signingSecret: env('SHARE_SIGNING_SECRET', ''),
  /** Failed unlocks allowed per link and client address per window before 429. */
  unlockMaxAttempts: env.int('SHARE_UNLOCK_MAX_ATTEMPTS', 5),
  /** Failed unlocks allowed per link from all addresses together per window (slows distributed guessing). */
  unlockMaxAttemptsPerLink: env.int('SHARE_UNLOCK_MAX_ATTEMPTS_PER_LINK', 50),
  unlockWindowMinutes: env.int('SHARE_UNLOCK_WINDOW_MINUTES', 15),
  /** The studio is told (milestone + email) once a link collects this many failures in one window. */
  notifyPasswordFailuresAfter: env.int('SHARE_NOTIFY_PASSWORD_FAILURES_AFTER', 5),
  /** How long an unlock (cookie or bearer) lasts. */
  unlockTtlHours: env.int('SHARE_UNLOCK_TTL_HOURS', 12),
  /** Accounts (portal and admin): auth requests (log in, register, password reset) per client address per window. */
  accountAttemptsPerAddress: env.int('PORTAL_AUTH_ATTEMPTS_PER_ADDRESS', 30),
  /** Accounts (portal and admin): failed log-ins per account (from all addresses) per window; a success clears it. */
  accountLoginAttempts: env.int('PORTAL_LOGIN_ATTEMPTS', 10),
  /** How long a portal "open" access token lasts. */
  portalOpenTtlMinutes: env.int('PORTAL_OPEN_TTL_MINUTES', 720),
  /** How long the access link mailed on a repeated claim lasts. */
  claimAccessTtlHours: env.int('SHARE_CLAIM_ACCESS_TTL_HOURS', 168),
  /**
   * Claims per general link per window (the unlock window): from one client address, and from
   * all addresses together. Each claim of a new email creates a link and sends a mail, so the
   * general link must not become a way to mail anyone anything.
   */
  claimsPerAddress: env.int('SHARE_CLAIMS_PER_ADDRESS', 30),
  claimsPerLink: env.int('SHARE_CLAIMS_PER_LINK', 300),
  /** At most this many access mails per private link per unlock window from repeated claims. */
  claimMailsPerWindow: env.int('SHARE_CLAIM_MAILS_PER_WINDOW', 3),
  studioName: env('STUDIO_NAME', 'Your studio'),
  /** Where milestone notifications go; none are mailed when empty (they are still stored). */
  notifyEmail: env('STUDIO_NOTIFY_EMAIL', ''),
  /** Base of the links in emails (`<publicUrl>/g/<token>`); defaults to the server's absolute URL. */
  publicUrl: env('PUBLIC_URL', ''),
});
