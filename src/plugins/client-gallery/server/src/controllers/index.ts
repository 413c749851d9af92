import activity from './admin/activity';
import clients from './admin/clients';
import comparisons from './admin/comparisons';
import dashboard from './admin/dashboard';
import galleries from './admin/galleries';
import images from './admin/images';
import links from './admin/links';
import mails from './admin/mails';
import mailTemplates from './admin/mail-templates';
import markups from './admin/markups';
import merges from './admin/merges';
import proofingAdmin from './admin/proofing';
import photoBatches from './admin/photo-batches';
import settings from './admin/settings';
import watermarkDesigns from './admin/watermark-designs';
import downloads from './public/downloads';
import packages from './public/packages';
import portal from './public/portal';
import proofing from './public/proofing';
import share from './public/share';
import activityEvent from './rest/activity-event';
import client from './rest/client';
import clientMerge from './rest/client-merge';
import comment from './rest/comment';
import downloadGrant from './rest/download-grant';
import downloadPackage from './rest/download-package';
import favourite from './rest/favourite';
import gallery from './rest/gallery';
import galleryImage from './rest/gallery-image';
import selection from './rest/selection';
import shareLink from './rest/share-link';
import watermarkDesign from './rest/watermark-design';

/**
 * Three audiences, three folders: admin/ (the admin panel), public/ (link visitors and portal
 * accounts), rest/ (the studio's REST API: core controllers keyed by content type).
 */
export default {
  activity,
  clients,
  comparisons,
  dashboard,
  galleries,
  images,
  links,
  'mail-templates': mailTemplates,
  'watermark-designs': watermarkDesigns,
  mails,
  markups,
  merges,
  'proofing-admin': proofingAdmin,
  'photo-batches': photoBatches,
  settings,
  downloads,
  packages,
  portal,
  proofing,
  share,
  'activity-event': activityEvent,
  client,
  'client-merge': clientMerge,
  comment,
  'download-grant': downloadGrant,
  'download-package': downloadPackage,
  favourite,
  gallery,
  'gallery-image': galleryImage,
  selection,
  'share-link': shareLink,
  'watermark-design': watermarkDesign,
};
