import type { Core } from '@strapi/strapi';

/**
 * The plugin's services by name, typed from their factories. An interface (not a mapped type over
 * the services object) keeps each lookup lazy, so services that call each other still type-check.
 */
export interface Services {
  'access-attempt': ReturnType<typeof import('./services/share/access-attempt').default>;
  'activity': ReturnType<typeof import('./services/activity/activity').default>;
  'activity-event': ReturnType<typeof import('./services/activity/activity-event').default>;
  'claim': ReturnType<typeof import('./services/clients/claim').default>;
  'client': ReturnType<typeof import('./services/clients/client').default>;
  'client-merge': ReturnType<typeof import('./services/clients/client-merge').default>;
  'comment': ReturnType<typeof import('./services/proofing/comment').default>;
  'deadline': ReturnType<typeof import('./services/proofing/deadline').default>;
  'comparison': ReturnType<typeof import('./services/photos/comparison').default>;
  'delivery': ReturnType<typeof import('./services/delivery/delivery').default>;
  'derivatives': ReturnType<typeof import('./services/storage/derivatives').default>;
  'download-grant': ReturnType<typeof import('./services/delivery/download-grant').default>;
  'download-manager': ReturnType<typeof import('./services/delivery/download-manager').default>;
  'download-package': ReturnType<typeof import('./services/delivery/download-package').default>;
  'favourite': ReturnType<typeof import('./services/proofing/favourite').default>;
  'gallery': ReturnType<typeof import('./services/photos/gallery').default>;
  'gallery-image': ReturnType<typeof import('./services/photos/gallery-image').default>;
  'gallery-curation': ReturnType<typeof import('./services/photos/gallery-curation').default>;
  'gallery-membership': ReturnType<typeof import('./services/photos/gallery-membership').default>;
  'ingest': ReturnType<typeof import('./services/photos/ingest').default>;
  'invitation': ReturnType<typeof import('./services/share/invitation').default>;
  'leftover-sweeper': ReturnType<typeof import('./services/background/leftover-sweeper').default>;
  'link-capability': ReturnType<typeof import('./services/share/link-capability').default>;
  'link-stats': ReturnType<typeof import('./services/activity/link-stats').default>;
  'dashboard': ReturnType<typeof import('./services/activity/dashboard').default>;
  'mail-outbox': ReturnType<typeof import('./services/mail/mail-outbox').default>;
  'mailer': ReturnType<typeof import('./services/mail/mailer').default>;
  'portal-account-mails': ReturnType<typeof import('./services/clients/portal-account-mails').default>;
  'mail-templates': ReturnType<typeof import('./services/mail/mail-templates').default>;
  'package-delivery': ReturnType<typeof import('./services/delivery/package-delivery').default>;
  'package-holds': ReturnType<typeof import('./services/delivery/package-holds').default>;
  'markup': ReturnType<typeof import('./services/proofing/markup').default>;
  'photo-batch': ReturnType<typeof import('./services/photos/photo-batch').default>;
  'portal': ReturnType<typeof import('./services/clients/portal').default>;
  'proofing': ReturnType<typeof import('./services/proofing/proofing').default>;
  'record-photos': ReturnType<typeof import('./services/photos/record-photos').default>;
  'review': ReturnType<typeof import('./services/proofing/review').default>;
  'selection': ReturnType<typeof import('./services/proofing/selection').default>;
  'share-access': ReturnType<typeof import('./services/share/share-access').default>;
  'share-gallery': ReturnType<typeof import('./services/share/share-gallery').default>;
  'share-images': ReturnType<typeof import('./services/share/share-images').default>;
  'share-link': ReturnType<typeof import('./services/share/share-link').default>;
  'share-sign-in': ReturnType<typeof import('./services/share/share-sign-in').default>;
  'share-tokens': ReturnType<typeof import('./services/share/share-tokens').default>;
  'share-unlock': ReturnType<typeof import('./services/share/share-unlock').default>;
  'staff-download': ReturnType<typeof import('./services/delivery/staff-download').default>;
  'storage': ReturnType<typeof import('./services/storage/storage').default>;
  'stored-references': ReturnType<typeof import('./services/storage/stored-references').default>;
  'studio-settings': ReturnType<typeof import('./services/studio/studio-settings').default>;
  'brand-logo': ReturnType<typeof import('./services/studio/brand-logo').default>;
  'test-mail': ReturnType<typeof import('./services/studio/test-mail').default>;
  'table-statistics': ReturnType<typeof import('./services/background/table-statistics').default>;
  'task-lease': ReturnType<typeof import('./services/background/task-lease').default>;
  'variant-job': ReturnType<typeof import('./services/storage/variant-job').default>;
  'visitor-media': ReturnType<typeof import('./services/delivery/visitor-media').default>;
  'watermark': ReturnType<typeof import('./services/storage/watermark').default>;
  'watermark-design': ReturnType<typeof import('./services/storage/watermark-design').default>;
}

/**
 * The plugin's services by name: go-to-definition works, and a wrong name fails the type check
 * (the upload plugin's `getService` is the model).
 */
export function getService<Name extends keyof Services>(strapi: Core.Strapi, name: Name): Services[Name] {
  return strapi.plugin('client-gallery').service(name) as Services[Name];
}
