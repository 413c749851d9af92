import multipartGate from './multipart-gate';
import domainErrors from './domain-errors';
import multipart from './multipart';
import noStore from './no-store';

/**
 * Plugin middlewares (`plugin::client-gallery.<name>`): `multipart-gate` goes before `strapi::body` in the
 * host's config/middlewares; the others are route middlewares.
 */
export default { 'multipart-gate': multipartGate, 'domain-errors': domainErrors, multipart, 'no-store': noStore };
