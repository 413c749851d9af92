import type { Core } from '@strapi/strapi';
import { getService } from '../get-service';
import { unlockCredentials } from '../share/visitor';
import type { ShareAccess } from '../queries/share-rows';

/** Strapi hands policies a copy of the request's context: its state (shared with the route) and route params included. */
type VisitorPolicyContext = Core.PolicyContext & { state: { visitor?: ShareAccess }; params: { token?: string } };

/**
 * Route policy of every `/api/share/:token/...` route: resolves the link once per request into
 * `ctx.state.visitor` (a ShareAccess). Unknown, expired and revoked links throw the same
 * ShareNotFoundError (404). What the visitor may do is decided later, by share-access.authorize,
 * on the first line of the service the controller calls.
 */
export default async (policyContext: VisitorPolicyContext, _config: unknown, { strapi }: { strapi: Core.Strapi }) => {
  policyContext.state.visitor = await getService(strapi, 'share-access').resolve(policyContext.params.token, unlockCredentials(policyContext));
  return true;
};
