/**
 * Route shapes shared by the content-API routers. Both keep domain error names and details
 * (global::domain-errors): Strapi would flatten a thrown 401/403 to a bare status otherwise.
 */
type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** A link-visitor route: no Strapi auth, because the link token is the capability; share-access decides. */
export const publicRoutes = (controller: string) => (method: Method, path: string, handler: string) => ({
  method,
  path,
  handler: `${controller}.${handler}`,
  config: { auth: false as const, middlewares: ['global::domain-errors'] },
});

/** A studio route: Strapi's own auth (API tokens, users-permissions roles) applies. */
export const studioRoutes = (controller: string) => (method: Method, path: string, handler: string) => ({
  method,
  path,
  handler: `${controller}.${handler}`,
  config: { middlewares: ['global::domain-errors'] },
});
