/** The plugin's services, one per domain concept, keyed by the name getService() takes. */
import accessAttempt from './access-attempt';
import activity from './activity';
import activityEvent from './activity-event';
import claim from './claim';
import client from './client';
import clientMerge from './client-merge';
import comment from './comment';
import deadline from './deadline';
import comparison from './comparison';
import delivery from './delivery';
import derivatives from './derivatives';
import downloadGrant from './download-grant';
import downloadManager from './download-manager';
import downloadPackage from './download-package';
import favourite from './favourite';
import gallery from './gallery';
import galleryImage from './gallery-image';
import galleryCuration from './gallery-curation';
import galleryMembership from './gallery-membership';
import ingest from './ingest';
import invitation from './invitation';
import leftoverSweeper from './leftover-sweeper';
import linkCapability from './link-capability';
import mailOutbox from './mail-outbox';
import packageDelivery from './package-delivery';
import packageHolds from './package-holds';
import markup from './markup';
import photoBatch from './photo-batch';
import portal from './portal';
import proofing from './proofing';
import recordPhotos from './record-photos';
import review from './review';
import selection from './selection';
import shareAccess from './share-access';
import shareGallery from './share-gallery';
import shareImages from './share-images';
import shareLink from './share-link';
import shareSignIn from './share-sign-in';
import shareUnlock from './share-unlock';
import staffDownload from './staff-download';
import storage from './storage';
import storedReferences from './stored-references';
import tableStatistics from './table-statistics';
import taskLease from './task-lease';
import variantJob from './variant-job';
import visitorMedia from './visitor-media';
import watermark from './watermark';
import watermarkDesign from './watermark-design';

const services = {
  'access-attempt': accessAttempt,
  activity,
  'activity-event': activityEvent,
  claim,
  client,
  'client-merge': clientMerge,
  comment,
  deadline,
  comparison,
  delivery,
  derivatives,
  'download-grant': downloadGrant,
  'download-manager': downloadManager,
  'download-package': downloadPackage,
  favourite,
  gallery,
  'gallery-image': galleryImage,
  'gallery-curation': galleryCuration,
  'gallery-membership': galleryMembership,
  ingest,
  invitation,
  'leftover-sweeper': leftoverSweeper,
  'link-capability': linkCapability,
  'mail-outbox': mailOutbox,
  'package-delivery': packageDelivery,
  'package-holds': packageHolds,
  markup,
  'photo-batch': photoBatch,
  portal,
  proofing,
  'record-photos': recordPhotos,
  review,
  selection,
  'share-access': shareAccess,
  'share-gallery': shareGallery,
  'share-images': shareImages,
  'share-link': shareLink,
  'share-sign-in': shareSignIn,
  'share-unlock': shareUnlock,
  'staff-download': staffDownload,
  storage,
  'stored-references': storedReferences,
  'table-statistics': tableStatistics,
  'task-lease': taskLease,
  'variant-job': variantJob,
  'visitor-media': visitorMedia,
  watermark,
  'watermark-design': watermarkDesign,
};

export default services;
