/** The plugin's services, one per domain concept, keyed by the name getService() takes. */
import accessAttempt from './share/access-attempt';
import activity from './activity/activity';
import activityEvent from './activity/activity-event';
import claim from './clients/claim';
import client from './clients/client';
import clientMerge from './clients/client-merge';
import comment from './proofing/comment';
import deadline from './proofing/deadline';
import comparison from './photos/comparison';
import delivery from './delivery/delivery';
import derivatives from './storage/derivatives';
import downloadGrant from './delivery/download-grant';
import downloadManager from './delivery/download-manager';
import downloadPackage from './delivery/download-package';
import favourite from './proofing/favourite';
import gallery from './photos/gallery';
import galleryImage from './photos/gallery-image';
import galleryCuration from './photos/gallery-curation';
import galleryMembership from './photos/gallery-membership';
import ingest from './photos/ingest';
import invitation from './share/invitation';
import leftoverSweeper from './background/leftover-sweeper';
import linkCapability from './share/link-capability';
import linkStats from './activity/link-stats';
import dashboard from './activity/dashboard';
import mailOutbox from './mail/mail-outbox';
import mailer from './mail/mailer';
import mailTemplates from './mail/mail-templates';
import packageDelivery from './delivery/package-delivery';
import packageHolds from './delivery/package-holds';
import markup from './proofing/markup';
import photoBatch from './photos/photo-batch';
import portal from './clients/portal';
import portalAccountMails from './clients/portal-account-mails';
import proofing from './proofing/proofing';
import recordPhotos from './photos/record-photos';
import review from './proofing/review';
import selection from './proofing/selection';
import shareAccess from './share/share-access';
import shareGallery from './share/share-gallery';
import shareImages from './share/share-images';
import shareLink from './share/share-link';
import shareSignIn from './share/share-sign-in';
import shareTokens from './share/share-tokens';
import shareUnlock from './share/share-unlock';
import staffDownload from './delivery/staff-download';
import storage from './storage/storage';
import storedReferences from './storage/stored-references';
import studioSettings from './studio/studio-settings';
import brandLogo from './studio/brand-logo';
import testMail from './studio/test-mail';
import tableStatistics from './background/table-statistics';
import taskLease from './background/task-lease';
import variantJob from './storage/variant-job';
import visitorMedia from './delivery/visitor-media';
import watermark from './storage/watermark';
import watermarkDesign from './storage/watermark-design';

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
  'link-stats': linkStats,
  dashboard,
  'mail-outbox': mailOutbox,
  mailer,
  'mail-templates': mailTemplates,
  'package-delivery': packageDelivery,
  'package-holds': packageHolds,
  markup,
  'photo-batch': photoBatch,
  portal,
  'portal-account-mails': portalAccountMails,
  proofing,
  'record-photos': recordPhotos,
  review,
  selection,
  'share-access': shareAccess,
  'share-gallery': shareGallery,
  'share-images': shareImages,
  'share-link': shareLink,
  'share-sign-in': shareSignIn,
  'share-tokens': shareTokens,
  'share-unlock': shareUnlock,
  'staff-download': staffDownload,
  storage,
  'stored-references': storedReferences,
  'studio-settings': studioSettings,
  'brand-logo': brandLogo,
  'test-mail': testMail,
  'table-statistics': tableStatistics,
  'task-lease': taskLease,
  'variant-job': variantJob,
  'visitor-media': visitorMedia,
  watermark,
  'watermark-design': watermarkDesign,
};

export default services;
