import type { Core } from '@strapi/strapi';
import { registerClientMergeHooks } from './hooks/client-merge';
import { registerGalleryImageHooks } from './hooks/gallery-image';
import { registerGalleryMembershipHooks } from './hooks/gallery-membership';
import { registerDomainRules } from './hooks/domain-rules';
import { registerWatermarkDesignRules } from './hooks/watermark-designs';
import { registerVariantJobHooks } from './hooks/variant-jobs';
import { registerMediaDelivery } from './http/media';
import { hideRelationsToHiddenTypes } from './middlewares/content-manager-guard';
import { registerPublicPages } from './http/public-pages';
import { registerBrandAssets } from './http/brand';
import { setUpPortalAfterUsersPermissions } from './setup/portal';
import { replacePortalMails } from './setup/portal-mails';
import { guardMediaLibraryDeletes } from './setup/upload-guard';
import { registerInternalMigrations } from './setup/internal-migrations';
import { parseFilesOnFileRoutes } from './setup/file-routes';
import { beginSqliteTransactionsImmediately } from './setup/sqlite-write-transactions';
import { closeUnreadBodies } from './middlewares/unread-body';
import { watchBodyBytes } from './middlewares/text-input';

/**
 * Before the database and the routers exist: Document Service middlewares (the domain rules,
 * merges and record photos, whatever saves them), the relations the Content Manager must not
 * follow, the upload service's delete guard, and the plain Koa routes that are not REST (`/media/...`, `/g/:token`, `/portal`, `/assets/pages/...`).
 */
export default function register({ strapi }: { strapi: Core.Strapi }) {
  // Added before the host's middlewares exist, so it is the outermost: it sees every final answer.
  strapi.server.use(closeUnreadBodies());
  // Sees each raw body chunk before the body parser turns bytes that are not UTF-8 into U+FFFD.
  strapi.server.use(watchBodyBytes());
  // Before any router is mounted (this plugin's plain routes below, Strapi's at bootstrap).
  parseFilesOnFileRoutes(strapi);
  registerDomainRules(strapi);
  registerWatermarkDesignRules(strapi);
  hideRelationsToHiddenTypes(strapi);
  registerClientMergeHooks(strapi);
  registerGalleryImageHooks(strapi);
  registerGalleryMembershipHooks(strapi);
  registerVariantJobHooks(strapi);
  registerInternalMigrations(strapi);
  beginSqliteTransactionsImmediately(strapi);
  guardMediaLibraryDeletes(strapi);
  setUpPortalAfterUsersPermissions(strapi);
  replacePortalMails(strapi);
  registerMediaDelivery(strapi);
  registerPublicPages(strapi);
  registerBrandAssets(strapi);
}
