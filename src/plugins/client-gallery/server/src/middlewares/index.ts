import domainErrors from './domain-errors';
import noStore from './no-store';

/** Route middlewares (referenced as `plugin::client-gallery.<name>`). */
export default { 'domain-errors': domainErrors, 'no-store': noStore };
