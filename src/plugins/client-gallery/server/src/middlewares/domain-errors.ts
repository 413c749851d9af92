import type { Context, Next } from 'koa';
import { errors } from '@strapi/utils';
import { isStorageFull, STORAGE_FULL } from '../lib/errors';

const STATUS: Array<[new (...args: never[]) => Error, number]> = [
  [errors.UnauthorizedError, 401],
  [errors.ForbiddenError, 403],
  [errors.NotFoundError, 404],
  [errors.PayloadTooLargeError, 413],
  [errors.RateLimitError, 429],
];

/**
 * Strapi's authorize step wraps the whole route chain and turns ANY UnauthorizedError or
 * ForbiddenError thrown by a handler into a bare 401/403 ("Unauthorized"/"Forbidden"), dropping
 * the error's name, message and details. Visitors need those (PasswordRequiredError,
 * ClaimRequiredError, GalleryUnavailableError…), so routes that throw domain errors add this
 * middleware: it runs inside that step and answers exactly as Strapi's own error middleware
 * would, name and details included. A write that found the disk full answers 507 with the
 * reason (the service that wrote has removed what it stored). Anything else propagates untouched.
 */
export default () => async (ctx: Context, next: Next) => {
  try {
    await next();
  } catch (error) {
    if (isStorageFull(error)) {
      ctx.status = STORAGE_FULL.status;
      ctx.body = { data: null, error: { ...STORAGE_FULL, details: {} } };
      return;
    }
    if (!(error instanceof errors.ApplicationError)) throw error;
    const retryAfter = (error.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
    if (error instanceof errors.RateLimitError && typeof retryAfter === 'number') ctx.set('Retry-After', String(retryAfter));
    const status = STATUS.find(([type]) => error instanceof type)?.[1] ?? 400;
    ctx.status = status;
    ctx.body = { data: null, error: { status, name: error.name, message: error.message, details: error.details } };
  }
};
