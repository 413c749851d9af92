import domainErrors from './domain-errors';

/** Route middlewares (referenced as `plugin::client-gallery.<name>`). */
export default { 'domain-errors': domainErrors };
