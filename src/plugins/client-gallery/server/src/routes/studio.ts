import { factories } from '@strapi/strapi';
import type { Core } from '@strapi/strapi';
import { pluginConfig } from '../config';
import { UID } from '../uids';
import { studioRoute, takingFiles } from './helpers';

/**
 * The studio's REST side (API tokens, users-permissions roles granted these actions): the
 * standard routes of the content types, plus the custom writes that keep invariants (ingest,
 * share links whose tokens the service makes, merges). Served under `/api<rest.prefix>`; the
 * prefix is empty by default, so paths match the documented ones, and a host whose own API
 * already has `/api/galleries` sets `rest: { prefix: '/client-gallery' }`.
 */
const core = (uid: (typeof UID)[keyof typeof UID], options: { only?: string[] } = {}) => ({ strapi }: { strapi: Core.Strapi }) =>
  factories.createCoreRouter(uid as any, { ...options, prefix: pluginConfig(strapi).rest.prefix } as any) as unknown as Core.Router;

const custom = ({ strapi }: { strapi: Core.Strapi }) => ({
  type: 'content-api' as const,
  prefix: pluginConfig(strapi).rest.prefix,
  routes: [
    takingFiles(studioRoute('POST', '/gallery-images/ingest', 'gallery-image.ingest')),
    studioRoute('POST', '/share-links', 'share-link.createLink'),
    studioRoute('POST', '/share-links/share-with-client', 'share-link.shareWithClient'),
    studioRoute('PUT', '/share-links/:documentId', 'share-link.updateSettings'),
    studioRoute('POST', '/share-links/:documentId/revoke', 'share-link.revoke'),
    studioRoute('POST', '/share-links/:documentId/regenerate', 'share-link.regenerate'),
    studioRoute('POST', '/share-links/:documentId/invitation/retry', 'share-link.retryInvitation'),
    studioRoute('POST', '/client-merges/:id/undo', 'client-merge.undo'),
  ],
});

export default {
  studio: custom,
  client: core(UID.client),
  gallery: core(UID.gallery),
  // Photos come in through ingest (checked, stored privately, derivatives made): REST cannot create one.
  'gallery-image': core(UID.galleryImage, { only: ['find', 'findOne', 'update', 'delete'] }),
  'watermark-design': core(UID.watermarkDesign),
  favourite: core(UID.favourite),
  comment: core(UID.comment),
  selection: core(UID.selection),
  // History: the plugin's services record it as things happen (a milestone with its mail and webhook).
  'activity-event': core(UID.activityEvent, { only: ['find', 'findOne'] }),
  // Merges are read, created (a merge) and undone; never edited or deleted, so history stays true.
  'client-merge': core(UID.clientMerge, { only: ['find', 'findOne', 'create'] }),
  // Grants are counted only by download-grant.take, packages made through the share API: REST reads them.
  'download-grant': core(UID.downloadGrant, { only: ['find', 'findOne'] }),
  'download-package': core(UID.downloadPackage, { only: ['find', 'findOne'] }),
  // Links are made and changed by the custom routes above (tokens and hashes come from the service).
  'share-link': core(UID.shareLink, { only: ['find', 'findOne', 'delete'] }),
};
