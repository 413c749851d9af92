import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { MergeVia } from '../services/clients/client-merge';
import { UID } from '../uids';
import { getService } from '../get-service';

const CLIENT = UID.client;

type RelationChange = { kind: 'unchanged' } | { kind: 'clear' } | { kind: 'set'; ref: { documentId?: string; id?: number } };

function refOf(value: unknown): { documentId?: string; id?: number } | null {
  if (typeof value === 'string' && value.length > 0) return { documentId: value };
  if (typeof value === 'number' && Number.isInteger(value)) return { id: value };
  if (value && typeof value === 'object') {
    const { documentId, id } = value as { documentId?: unknown; id?: unknown };
    if (typeof documentId === 'string') return { documentId };
    if (typeof id === 'number' || typeof id === 'string') return refOf(typeof id === 'string' ? (/^\d+$/.test(id) ? Number(id) : id) : id);
  }
  return null;
}

/**
 * Reads a to-one relation input in any of the shapes the Document Service accepts
 * (documentId, id, {documentId}, {connect, disconnect}, {set}, null) as a change.
 * The Content Manager sends `{connect: [], disconnect: []}` on every save: that is "unchanged".
 */
export function parseRelationChange(value: unknown): RelationChange {
  if (value === undefined) return { kind: 'unchanged' };
  if (value === null) return { kind: 'clear' };
  if (Array.isArray(value)) return value.length === 0 ? { kind: 'clear' } : parseRelationChange(value[value.length - 1]);
  if (typeof value === 'object' && ('connect' in value || 'disconnect' in value || 'set' in value)) {
    const { connect, disconnect, set } = value as { connect?: unknown[]; disconnect?: unknown[]; set?: unknown[] };
    if (Array.isArray(set)) return set.length === 0 ? { kind: 'clear' } : parseRelationChange(set[set.length - 1]);
    if (Array.isArray(connect) && connect.length > 0) return parseRelationChange(connect[connect.length - 1]);
    if (Array.isArray(disconnect) && disconnect.length > 0) return { kind: 'clear' };
    return { kind: 'unchanged' };
  }
  const ref = refOf(value);
  if (!ref) throw new errors.ValidationError('mergedInto must name a client');
  return { kind: 'set', ref };
}

function viaOfCurrentRequest(strapi: Core.Strapi): MergeVia {
  const url = strapi.requestContext.get()?.request?.url ?? '';
  return url.startsWith('/content-manager') ? 'content-manager' : 'api';
}

/**
 * Setting `mergedInto` on a client, through the Content Manager or the REST API, is a merge:
 * the same carry-over as the explicit merge routes, in the same transaction as the update.
 * `mergedAt` is owned by the merge and never taken from input.
 */
export function registerClientMergeHooks(strapi: Core.Strapi) {
  strapi.documents.use(async (context, next) => {
    if (context.uid !== CLIENT || (context.action !== 'update' && context.action !== 'create')) return next();
    const params = context.params as { documentId?: string; data?: Record<string, unknown> };
    const data = params.data;
    if (!data || (!('mergedInto' in data) && !('mergedAt' in data))) return next();

    const { mergedInto, mergedAt: _ignored, ...rest } = data;
    params.data = rest;
    const change = parseRelationChange(mergedInto);
    if (change.kind === 'unchanged') return next();

    if (context.action === 'create') {
      if (change.kind === 'set') throw new errors.ValidationError('A new client cannot be created already merged; merge an existing client instead');
      return next();
    }

    const current = await strapi.db.query(CLIENT).findOne({ where: { documentId: params.documentId }, populate: { mergedInto: true } });
    if (!current) return next();

    if (change.kind === 'clear') {
      if (current.mergedInto) throw new errors.ValidationError('To separate merged clients, undo the merge; clearing "merged into" would leave the moved records behind');
      return next();
    }

    const target = await strapi.db.query(CLIENT).findOne({ where: change.ref.documentId ? { documentId: change.ref.documentId } : { id: change.ref.id } });
    if (!target) throw new errors.ValidationError('mergedInto names no existing client');
    if (current.mergedInto?.id === target.id) return next();

    return strapi.db.transaction(async () => {
      await getService(strapi, 'client-merge').merge(current.documentId, target.documentId, viaOfCurrentRequest(strapi));
      return next();
    });
  });
}
