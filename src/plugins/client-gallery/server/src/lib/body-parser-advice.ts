/**
 * What the boot log says about the host's body parser (config/middlewares). Only the gate placed
 * right, before a `strapi::body` that does not parse multipart, keeps every upload unread until its
 * route has authenticated the request; the plugin works without it, so the answer is advice, never
 * a refusal to start. Pure, so its table test needs no server.
 */
export const GATE = 'plugin::client-gallery.multipart-gate';
const BODY = 'strapi::body';

type MiddlewareEntry = string | { name?: string; config?: { multipart?: unknown } } | unknown;

export interface Advice {
  level: 'info' | 'warn';
  message: string;
}

const nameOf = (entry: MiddlewareEntry) => (typeof entry === 'string' ? entry : (entry as { name?: string } | null)?.name);

export function bodyParserAdvice(middlewares: readonly MiddlewareEntry[]): Advice | null {
  const gate = middlewares.findIndex((entry) => nameOf(entry) === GATE);
  const body = middlewares.findIndex((entry) => nameOf(entry) === BODY);
  const how = `put '${GATE}' right before strapi::body and set strapi::body's multipart: false (README, "Uploads")`;
  if (gate < 0) return { level: 'info', message: `strapi::body parses uploads on every route, before authentication; ${how}.` };
  if (body < 0) return null;
  if (gate > body) return { level: 'warn', message: `the multipart gate comes after strapi::body, which has already parsed every upload before authentication; ${how}.` };
  const config = typeof middlewares[body] === 'string' ? undefined : (middlewares[body] as { config?: { multipart?: unknown } }).config;
  if (config?.multipart !== false) {
    return { level: 'warn', message: `strapi::body still parses multipart, so the routes the gate lets through are parsed before authentication; ${how}.` };
  }
  return null;
}
