/**
 * Route shapes shared by the plugin's routers. Every route keeps domain error names and details
 * (the plugin's domain-errors middleware): Strapi's authorize step would flatten a thrown 401/403
 * to a bare status otherwise.
 */
import { ACTIONS } from '../../../shared/permissions';

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
export const DOMAIN_ERRORS = 'plugin::client-gallery.domain-errors';
/** Answers carry signed URLs and per-visitor state: never cached (middlewares/no-store.ts). */
export const NO_STORE = 'plugin::client-gallery.no-store';
/** Parses a multipart body after authentication, into a private temp folder removed at the end (middlewares/multipart.ts). */
export const MULTIPART = 'plugin::client-gallery.multipart';
/** Resolves the link named by `:token` once per request into `ctx.state.visitor`. */
export const VISITOR = 'plugin::client-gallery.visitor';

/** A link-visitor route: no Strapi auth (the link token is the capability), the visitor resolved once. */
export const visitorRoute = (method: Method, path: string, handler: string) => ({
  method,
  path,
  handler,
  config: { auth: false as const, policies: [VISITOR], middlewares: [NO_STORE, DOMAIN_ERRORS] },
});

/** A public route whose capability is not a link token (a package token, the unlock form). */
export const openRoute = (method: Method, path: string, handler: string) => ({
  method,
  path,
  handler,
  config: { auth: false as const, middlewares: [NO_STORE, DOMAIN_ERRORS] },
});

/** A studio route: Strapi's own auth (API tokens, users-permissions roles) applies. */
export const studioRoute = (method: Method, path: string, handler: string) => ({
  method,
  path,
  handler,
  config: { middlewares: [NO_STORE, DOMAIN_ERRORS] },
});

type Action = (typeof ACTIONS)[keyof typeof ACTIONS];

/** A route's own bounds on what it parses, below the plugin's `uploads` limits (a logo needs far less). */
export interface FileLimits {
  maxBytes?: number;
  maxFiles?: number;
}

/** A route middleware as Strapi takes it: a name, or a name with its config. */
export type RouteMiddleware = string | { name: string; config: FileLimits };

/** The same route, taking files: mounted with it, it is one the multipart gate lets a body through to (setup/file-routes.ts). */
export function takingFiles<R extends { config: { middlewares: RouteMiddleware[] } }>(route: R, limits?: FileLimits): R {
  const parser: RouteMiddleware = limits ? { name: MULTIPART, config: limits } : MULTIPART;
  return { ...route, config: { ...route.config, middlewares: [parser, ...route.config.middlewares] } };
}

/** An admin-panel route: an authenticated admin holding `action`. */
export function withPermission(action: Action): { policies: unknown[]; middlewares: RouteMiddleware[] } {
  return {
    policies: ['admin::isAuthenticatedAdmin', { name: 'admin::hasPermissions', config: { actions: [action] } }],
    middlewares: [NO_STORE, DOMAIN_ERRORS],
  };
}
