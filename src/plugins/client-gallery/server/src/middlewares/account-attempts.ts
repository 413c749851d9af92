import type { Context, Next } from 'koa';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { clientAddressOf } from '../share/visitor';
import { getService } from '../get-service';
import { pluginConfig } from '../config';

/**
 * Account log-ins (portal accounts through users-permissions, and staff through the admin panel)
 * rate-limited in the database. Both have their own limiters, but they count in process memory:
 * with two server processes an attacker gets twice the guesses, and a restart forgets them. This middleware takes slots in the same database counters
 * as share-link unlocks before users-permissions sees the request:
 * - every auth request (log in, register, forgotten password, reset) per client address;
 * - log-in attempts per account identifier, from all addresses together (slows distributed
 *   guessing); a successful log-in clears that account's counter.
 * Registered by the plugin's bootstrap after the host's middlewares (the body is parsed by then);
 * `accountAttempts.portal` / `.admin` in the plugin config switch each family off.
 * A refused request answers 429 with Retry-After, and users-permissions never runs.
 */
const GUARDED = new Set([
  '/api/auth/local',
  '/api/auth/local/register',
  '/api/auth/forgot-password',
  '/api/auth/reset-password',
  '/api/auth/send-email-confirmation',
  '/admin/login',
  '/admin/forgot-password',
  '/admin/reset-password',
]);

/** Which account a log-in names: users-permissions takes `identifier` (email or username), the admin `email`. */
function loginIdentifier(ctx: Context): string | null {
  const body: unknown = ctx.request.body;
  const field = (name: string) => (body !== null && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined);
  const value = ctx.path === '/api/auth/local' ? field('identifier') : ctx.path === '/admin/login' ? field('email') : null;
  return typeof value === 'string' ? `${ctx.path.startsWith('/admin') ? 'admin' : 'portal'}:${value.trim().toLowerCase().slice(0, 200)}` : null;
}

export function accountAttempts(strapi: Core.Strapi) {
  return async (ctx: Context, next: Next) => {
    if (ctx.method !== 'POST' || !GUARDED.has(ctx.path)) return next();
    const { share, accountAttempts: guard } = pluginConfig(strapi);
    if (!(ctx.path.startsWith('/admin/') ? guard.admin : guard.portal)) return next();
    const attempts = getService(strapi, 'access-attempt');
    const windowMs = share.unlockWindowMinutes * 60_000;
    const identifier = loginIdentifier(ctx);
    try {
      await attempts.take(`auth:${clientAddressOf(ctx)}`, windowMs, share.accountAttemptsPerAddress);
      if (identifier) await attempts.take(`login:${identifier}`, windowMs, share.accountLoginAttempts);
    } catch (error) {
      // strapi::errors answers 429 with the error's name and details; the header says when to come back.
      if (error instanceof errors.RateLimitError) ctx.set('Retry-After', String((error.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds ?? 60));
      throw error;
    }
    await next();
    if (identifier && ctx.status === 200) await attempts.reset(`login:${identifier}`);
  };
}
