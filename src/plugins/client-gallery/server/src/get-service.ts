import type { Core } from '@strapi/strapi';

/**
 * The plugin's services by name, typed from their factories. An interface (not a mapped type over
 * the services object) keeps each lookup lazy, so services that call each other still type-check.
 */
export interface Services {
  'access-attempt': ReturnType<typeof import('./services/access-attempt').default>;
  'activity': ReturnType<typeof import('./services/activity').default>;
  'activity-event': ReturnType<typeof import('./services/activity-event').default>;
  'claim': ReturnType<typeof import('./services/claim').default>;
  'client': ReturnType<typeof import('./services/client').default>;
  'client-merge': ReturnType<typeof import('./services/client-merge').default>;
  'comment': ReturnType<typeof import('./services/comment').default>;
  'deadline': ReturnType<typeof import('./services/deadline').default>;
  'comparison': ReturnType<typeof import('./services/comparison').default>;
  'delivery': ReturnType<typeof import('./services/delivery').default>;
  'derivatives': ReturnType<typeof import('./services/derivatives').default>;
  'download-grant': ReturnType<typeof import('./services/download-grant').default>;
  'download-manager': ReturnType<typeof import('./services/download-manager').default>;
  'download-package': ReturnType<typeof import('./services/download-package').default>;
  'favourite': ReturnType<typeof import('./services/favourite').default>;
  'gallery': ReturnType<typeof import('./services/gallery').default>;
  'gallery-image': ReturnType<typeof import('./services/gallery-image').default>;
  'gallery-curation': ReturnType<typeof import('./services/gallery-curation').default>;
  'gallery-membership': ReturnType<typeof import('./services/gallery-membership').default>;
  'ingest': ReturnType<typeof import('./services/ingest').default>;
  'invitation': ReturnType<typeof import('./services/invitation').default>;
  'leftover-sweeper': ReturnType<typeof import('./services/leftover-sweeper').default>;
  'link-capability': ReturnType<typeof import('./services/link-capability').default>;
  'mail-outbox': ReturnType<typeof import('./services/mail-outbox').default>;
  'package-delivery': ReturnType<typeof import('./services/package-delivery').default>;
  'package-holds': ReturnType<typeof import('./services/package-holds').default>;
  'markup': ReturnType<typeof import('./services/markup').default>;
  'photo-batch': ReturnType<typeof import('./services/photo-batch').default>;
  'portal': ReturnType<typeof import('./services/portal').default>;
  'proofing': ReturnType<typeof import('./services/proofing').default>;
  'record-photos': ReturnType<typeof import('./services/record-photos').default>;
  'review': ReturnType<typeof import('./services/review').default>;
  'selection': ReturnType<typeof import('./services/selection').default>;
  'share-access': ReturnType<typeof import('./services/share-access').default>;
  'share-gallery': ReturnType<typeof import('./services/share-gallery').default>;
  'share-images': ReturnType<typeof import('./services/share-images').default>;
  'share-link': ReturnType<typeof import('./services/share-link').default>;
  'share-sign-in': ReturnType<typeof import('./services/share-sign-in').default>;
  'share-unlock': ReturnType<typeof import('./services/share-unlock').default>;
  'staff-download': ReturnType<typeof import('./services/staff-download').default>;
  'storage': ReturnType<typeof import('./services/storage').default>;
  'stored-references': ReturnType<typeof import('./services/stored-references').default>;
  'table-statistics': ReturnType<typeof import('./services/table-statistics').default>;
  'task-lease': ReturnType<typeof import('./services/task-lease').default>;
  'variant-job': ReturnType<typeof import('./services/variant-job').default>;
  'visitor-media': ReturnType<typeof import('./services/visitor-media').default>;
  'watermark': ReturnType<typeof import('./services/watermark').default>;
  'watermark-design': ReturnType<typeof import('./services/watermark-design').default>;
}

/**
 * The plugin's services by name: go-to-definition works, and a wrong name fails the type check
 * (the upload plugin's `getService` is the model).
 */
export function getService<Name extends keyof Services>(strapi: Core.Strapi, name: Name): Services[Name] {
  return strapi.plugin('client-gallery').service(name) as Services[Name];
}
