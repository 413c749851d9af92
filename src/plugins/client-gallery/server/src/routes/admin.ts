import { ACTIONS } from '../../../shared/permissions';
import { takingFiles, withPermission } from './helpers';
import { LOGO_MAX_BYTES } from '../../../shared/brand';
import { WATERMARK_LIMITS } from '../../../shared/watermarks';

const read = withPermission(ACTIONS.read);
const modify = withPermission(ACTIONS.update);
const manage = withPermission(ACTIONS.settings);

/** The admin panel's routes (`/client-gallery/...`): View reads, Modify writes, Manage settings for the studio's settings pages. */
export default {
  type: 'admin' as const,
  routes: [
    { method: 'GET', path: '/clients', handler: 'clients.list', config: read },
    // The watermark designer: a settings page, so the settings permission (reads included: the page is the only reader).
    { method: 'GET', path: '/watermark-designs', handler: 'watermark-designs.list', config: manage },
    // The gallery form's choice of design: names only, for whoever may edit galleries.
    { method: 'GET', path: '/watermark-designs/choices', handler: 'watermark-designs.choices', config: read },
    { method: 'POST', path: '/watermark-designs', handler: 'watermark-designs.create', config: manage },
    { method: 'POST', path: '/watermark-designs/preview', handler: 'watermark-designs.preview', config: manage },
    takingFiles({ method: 'POST', path: '/watermark-designs/logo', handler: 'watermark-designs.uploadLogo', config: manage }, { maxBytes: WATERMARK_LIMITS.logoMaxBytes, maxFiles: 1 }),
    { method: 'PUT', path: '/watermark-designs/:documentId', handler: 'watermark-designs.update', config: manage },
    { method: 'DELETE', path: '/watermark-designs/:documentId', handler: 'watermark-designs.remove', config: manage },
    { method: 'POST', path: '/watermark-designs/:documentId/default', handler: 'watermark-designs.setDefault', config: manage },
    { method: 'GET', path: '/clients/:documentId', handler: 'clients.findOne', config: read },
    { method: 'POST', path: '/clients', handler: 'clients.create', config: modify },
    { method: 'PUT', path: '/clients/:documentId', handler: 'clients.update', config: modify },
    { method: 'GET', path: '/clients/:documentId/images', handler: 'clients.images', config: read },
    { method: 'GET', path: '/clients/:documentId/galleries', handler: 'clients.galleries', config: read },
    { method: 'GET', path: '/clients/:documentId/recipients', handler: 'clients.recipients', config: read },
    takingFiles({ method: 'POST', path: '/clients/:documentId/images', handler: 'images.upload', config: modify }),
    { method: 'PUT', path: '/images/:documentId', handler: 'images.update', config: modify },
    { method: 'DELETE', path: '/images/:documentId', handler: 'images.remove', config: modify },
    // The studio's photo tools: downloads of any kind need Modify (DESIGN.md, access rules).
    { method: 'GET', path: '/images/:documentId/original', handler: 'images.original', config: modify },
    { method: 'POST', path: '/comparisons/download', handler: 'comparisons.download', config: modify },
    { method: 'GET', path: '/comparisons/download', handler: 'comparisons.download', config: modify },
    { method: 'POST', path: '/comparisons', handler: 'comparisons.save', config: modify },
    // Markup is a Modify privilege, its drafts included (a draft is work in progress, never a photo).
    { method: 'GET', path: '/images/:documentId/markup', handler: 'markups.state', config: modify },
    { method: 'PUT', path: '/images/:documentId/markup/draft', handler: 'markups.saveDraft', config: modify },
    { method: 'DELETE', path: '/images/:documentId/markup/draft', handler: 'markups.discardDraft', config: modify },
    { method: 'POST', path: '/images/:documentId/markup', handler: 'markups.submit', config: modify },
    // Galleries: made from a client's photos, edited and published by the studio.
    { method: 'POST', path: '/clients/:documentId/galleries', handler: 'galleries.create', config: modify },
    { method: 'PUT', path: '/galleries/:documentId', handler: 'galleries.update', config: modify },
    { method: 'POST', path: '/galleries/:documentId/publish', handler: 'galleries.publish', config: modify },
    { method: 'POST', path: '/galleries/:documentId/unpublish', handler: 'galleries.unpublish', config: modify },
    // Curation: a gallery's photos, order and cover change at once for visitors too.
    { method: 'GET', path: '/galleries/:documentId/images', handler: 'galleries.images', config: read },
    { method: 'POST', path: '/galleries/:documentId/images', handler: 'galleries.addImages', config: modify },
    { method: 'POST', path: '/galleries/:documentId/images/remove', handler: 'galleries.removeImages', config: modify },
    { method: 'PUT', path: '/galleries/:documentId/images', handler: 'galleries.reorder', config: modify },
    { method: 'PUT', path: '/galleries/:documentId/cover', handler: 'galleries.cover', config: modify },
    { method: 'POST', path: '/galleries/:documentId/duplicate', handler: 'galleries.duplicate', config: modify },
    { method: 'DELETE', path: '/galleries/:documentId', handler: 'galleries.remove', config: modify },
    // Several photos at once (the Photos page); the zip is a download, so Modify like every download.
    { method: 'POST', path: '/images/batch/label', handler: 'photo-batches.label', config: modify },
    { method: 'POST', path: '/images/batch/delete', handler: 'photo-batches.remove', config: modify },
    { method: 'POST', path: '/images/batch/add-to-gallery', handler: 'photo-batches.addToGallery', config: modify },
    { method: 'POST', path: '/images/batch/zip', handler: 'photo-batches.zip', config: modify },
    { method: 'GET', path: '/merges', handler: 'merges.list', config: read },
    { method: 'GET', path: '/merges/preview', handler: 'merges.preview', config: read },
    { method: 'POST', path: '/merges', handler: 'merges.create', config: modify },
    { method: 'POST', path: '/merges/:documentId/undo', handler: 'merges.undo', config: modify },

    // Share links: seeing them needs View, making or changing them needs Modify.
    { method: 'GET', path: '/galleries/:documentId/links', handler: 'links.list', config: read },
    { method: 'POST', path: '/galleries/:documentId/links', handler: 'links.create', config: modify },
    { method: 'POST', path: '/galleries/:documentId/share-with-client', handler: 'links.shareWithClient', config: modify },
    { method: 'GET', path: '/links/:documentId', handler: 'links.findOne', config: read },
    { method: 'PUT', path: '/links/:documentId', handler: 'links.update', config: modify },
    { method: 'POST', path: '/links/:documentId/revoke', handler: 'links.revoke', config: modify },
    { method: 'POST', path: '/links/:documentId/regenerate', handler: 'links.regenerate', config: modify },
    { method: 'POST', path: '/links/:documentId/invitation/retry', handler: 'links.retryInvitation', config: modify },

    // Proofing: a link's selection and rounds are read with View; reopening changes them (Modify).
    { method: 'GET', path: '/galleries/:documentId/proofing', handler: 'proofing-admin.overview', config: read },
    { method: 'GET', path: '/links/:documentId/export', handler: 'proofing-admin.export', config: read },
    { method: 'GET', path: '/links/:documentId/selection', handler: 'proofing-admin.selection', config: read },
    { method: 'POST', path: '/links/:documentId/selection/reopen', handler: 'proofing-admin.reopen', config: modify },
    { method: 'GET', path: '/links/:documentId/selection/compare', handler: 'proofing-admin.compare', config: read },
    { method: 'GET', path: '/links/:documentId/comments', handler: 'proofing-admin.comments', config: read },
    { method: 'POST', path: '/links/:documentId/comments', handler: 'proofing-admin.reply', config: modify },
    { method: 'GET', path: '/links/:documentId/review', handler: 'proofing-admin.review', config: read },
    { method: 'POST', path: '/links/:documentId/review/:imageId/in-review', handler: 'proofing-admin.setInReview', config: modify },

    // Activity and milestone notifications (marking read is part of viewing them).
    { method: 'GET', path: '/clients/:documentId/activity', handler: 'activity.forClient', config: read },
    { method: 'GET', path: '/links/:documentId/activity', handler: 'activity.forLink', config: read },
    { method: 'GET', path: '/notifications', handler: 'activity.notifications', config: read },
    { method: 'POST', path: '/notifications/:documentId/read', handler: 'activity.markRead', config: read },

    // The dashboard and the counts (JSON, or CSV with ?format=csv): reads, like the activity they count.
    { method: 'GET', path: '/dashboard', handler: 'dashboard.overview', config: read },
    { method: 'GET', path: '/galleries/:documentId/counts', handler: 'dashboard.forGallery', config: read },
    { method: 'GET', path: '/clients/:documentId/counts', handler: 'dashboard.forClient', config: read },

    // The outbox: failed and waiting mails are seen with View; sending one again is a change (Modify).
    { method: 'GET', path: '/mails', handler: 'mails.list', config: read },
    { method: 'POST', path: '/mails/:id/resend', handler: 'mails.resend', config: modify },

    // Mail templates (Settings → Client galleries → Mails): the studio's wording of each mail.
    { method: 'GET', path: '/mail-templates', handler: 'mail-templates.list', config: manage },
    { method: 'GET', path: '/mail-templates/:kind/preview', handler: 'mail-templates.savedPreview', config: manage },
    { method: 'POST', path: '/mail-templates/:kind/preview', handler: 'mail-templates.preview', config: manage },
    { method: 'PUT', path: '/mail-templates/:kind', handler: 'mail-templates.save', config: manage },
    { method: 'DELETE', path: '/mail-templates/:kind', handler: 'mail-templates.reset', config: manage },
    // The studio's settings page: reading it shows addresses too, so every route needs the settings action.
    { method: 'GET', path: '/settings', handler: 'settings.find', config: manage },
    { method: 'PUT', path: '/settings', handler: 'settings.update', config: manage },
    { method: 'POST', path: '/settings/test-mail', handler: 'settings.testMail', config: manage },
    takingFiles({ method: 'POST', path: '/settings/logo', handler: 'settings.uploadLogo', config: manage }, { maxBytes: LOGO_MAX_BYTES, maxFiles: 1 }),
    { method: 'DELETE', path: '/settings/logo', handler: 'settings.removeLogo', config: manage },
    // A new link's form starts from the studio's link defaults.
    { method: 'GET', path: '/link-defaults', handler: 'settings.linkDefaults', config: read },
  ],
};
