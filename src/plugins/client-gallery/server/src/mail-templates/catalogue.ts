import type { MilestoneKind } from '../../../shared/contracts';
import type { MailTemplateKind } from '../../../shared/mail-texts';
import type { MailContent } from './layout';

/**
 * One template per mail: its default subject and intro (the studio may reword both, with the
 * placeholders listed), and the fixed rest of the mail built from the data its sender passes.
 * Every string here is plain text; the layout escapes it. Sample data feeds the settings page's
 * preview and the tests.
 */

export interface DigestComment {
  who: string;
  galleryTitle: string;
  /** The photo's file name as the studio chose it, or null for the gallery thread. */
  photo: string | null;
  body: string;
  /** The admin page of this comment's thread, where the studio replies. */
  replyUrl: string;
}

interface GalleryMail {
  galleryTitle: string;
  url: string;
}

interface StudioNotice {
  who: string;
  galleryTitle: string;
  clientName?: string | null;
  adminUrl: string;
}

interface PackageMail {
  galleryTitle: string;
  imageCount: number;
  resolution: string;
}

/** What each kind's sender passes (the studio's name, logo and colour come from its settings). */
export interface MailData {
  invitation: GalleryMail & {
    recipientName?: string | null;
    welcomeNote?: string | null;
    deadline?: string | null;
    /** Only whether there is one: the password itself is never mailed. */
    passwordProtected: boolean;
  };
  /** A claim's private link; with expiresAt, a time-limited way into an existing one. */
  claim: GalleryMail & { expiresAt?: Date | null };
  'sign-in': GalleryMail & { expiresAt: Date };
  'package-preparing': PackageMail;
  'package-ready': PackageMail & { url: string; expiresAt: string };
  reminder: GalleryMail & {
    deadline: string;
    daysLeft: number;
    recipientName?: string | null;
  };
  'deadline-passed': Omit<StudioNotice, 'who'>;
  'selection-confirmed': StudioNotice;
  'comment-digest': { comments: DigestComment[] };
  milestone: StudioNotice & { milestone: MilestoneKind };
  'portal-confirmation': { url: string };
  'portal-reset-password': { url: string };
}

export const MILESTONE_TEXT: Record<MilestoneKind, string> = {
  'first-view': 'opened the gallery for the first time',
  'first-favourites': 'started a favourites list',
  'full-gallery-download': 'downloaded the full gallery',
  'limited-download': 'used up the download limit',
  'password-failures': 'has repeated wrong password attempts',
  'selection-confirmed': 'confirmed their final selection',
  'new-comments': 'left new comments',
  'deadline-passed': 'reached the deadline (the gallery is now locked)',
  'package-failed': 'ordered a zip that could not be prepared (they may order it again at no cost)',
};

export function formatDate(value: string | null | undefined): string | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime())
    ? null
    : date.toLocaleDateString('en-GB', {
        day: 'numeric',
        month: 'long',
        year: 'numeric',
        timeZone: 'UTC',
      });
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The fixed part of a mail (everything but the subject and the intro). */
export type MailBody = Omit<MailContent, 'intro'>;

export interface MailTemplate<K extends MailTemplateKind> {
  audience: 'client' | 'studio';
  subject: string;
  intro: string;
  /** What {name} stands for in this kind's subject and intro; the keys are its placeholders. */
  values(data: MailData[K], studio: string): Record<string, string>;
  body(data: MailData[K], studio: string): MailBody;
  sample: MailData[K];
}

const sent = (studio: string) => `Sent by ${studio}.`;
const personal = (studio: string) => `This link is personal to you. Sent by ${studio}.`;
const notifications = (studio: string) => `${studio} notifications`;
const clientLine = (name: string | null | undefined) => (name ? [`Client: ${name}.`] : []);
const SAMPLE_URL = 'https://photos.example.com/g/sample-link';
const SAMPLE_ADMIN = 'https://photos.example.com/admin/plugins/client-gallery/notifications';
const SAMPLE_EXPIRY = new Date(Date.UTC(2027, 0, 15, 18, 0, 0));

export const MAIL_TEMPLATES: { [K in MailTemplateKind]: MailTemplate<K> } = {
  invitation: {
    audience: 'client',
    subject: '{studio}: your gallery "{gallery}"',
    intro: '{studio} has shared the gallery "{gallery}" with you.',
    values: (d, studio) => ({ studio, gallery: d.galleryTitle }),
    body: (d, studio) => {
      const deadline = formatDate(d.deadline);
      return {
        heading: d.galleryTitle,
        greeting: d.recipientName ? `Hello ${d.recipientName},` : 'Hello,',
        body: [
          ...(d.welcomeNote ? [d.welcomeNote] : []),
          ...(deadline ? [`Please make your choices by ${deadline}.`] : []),
          ...(d.passwordProtected ? ['The gallery is protected by a password, which the studio will give you separately.'] : []),
        ],
        action: { label: 'Open your gallery', url: d.url },
        footer: personal(studio),
      };
    },
    sample: {
      galleryTitle: 'Anna & Ben, wedding',
      recipientName: 'Anna',
      welcomeNote: 'Here are your photos: pick your favourites for the album.',
      deadline: '2027-01-31',
      url: SAMPLE_URL,
      passwordProtected: true,
    },
  },
  claim: {
    audience: 'client',
    subject: 'Your private link to "{gallery}"',
    intro: 'Here is your private link to "{gallery}" from {studio}. Your favourites are kept with it.',
    values: (d, studio) => ({ studio, gallery: d.galleryTitle }),
    body: (d, studio) => ({
      heading: d.galleryTitle,
      body: [d.expiresAt ? `This sign-in link works until ${d.expiresAt.toUTCString()}.` : 'Keep this email: the link is personal to you.'],
      action: { label: 'Open your gallery', url: d.url },
      footer: sent(studio),
    }),
    sample: {
      galleryTitle: 'Summer portraits',
      url: SAMPLE_URL,
      expiresAt: null,
    },
  },
  'sign-in': {
    audience: 'client',
    subject: 'Sign in to "{gallery}"',
    intro: 'Someone (we hope you) asked to sign in to "{gallery}" from {studio} without the password.',
    values: (d, studio) => ({ studio, gallery: d.galleryTitle }),
    body: (d, studio) => ({
      heading: d.galleryTitle,
      body: [
        `This link signs you in once, in the browser you open it in, until ${d.expiresAt.toUTCString()}.`,
        'If you did not ask for it, ignore this email: nobody else can use it.',
      ],
      action: { label: 'Sign in to your gallery', url: d.url },
      footer: sent(studio),
    }),
    sample: {
      galleryTitle: 'Summer portraits',
      url: `${SAMPLE_URL}#sign-in=sample`,
      expiresAt: SAMPLE_EXPIRY,
    },
  },
  'package-preparing': {
    audience: 'client',
    subject: 'Preparing your download: {gallery}',
    intro: 'We are preparing your download from "{gallery}".',
    values: (d, studio) => ({ studio, gallery: d.galleryTitle }),
    body: (d, studio) => ({
      heading: 'Preparing your download',
      body: [`It holds ${plural(d.imageCount, 'photo')} (${d.resolution}).`, 'We will email you the download link as soon as it is ready.'],
      action: null,
      footer: sent(studio),
    }),
    sample: {
      galleryTitle: 'Summer portraits',
      imageCount: 24,
      resolution: 'high',
    },
  },
  'package-ready': {
    audience: 'client',
    subject: 'Your download is ready: {gallery}',
    intro: 'Your download from "{gallery}" is ready.',
    values: (d, studio) => ({ studio, gallery: d.galleryTitle }),
    body: (d, studio) => {
      const expires = formatDate(d.expiresAt);
      return {
        heading: 'Your download is ready',
        body: [`It holds ${plural(d.imageCount, 'photo')} (${d.resolution}).`, ...(expires ? [`The link works until ${expires}.`] : [])],
        action: { label: 'Download the zip', url: d.url },
        footer: personal(studio),
      };
    },
    sample: {
      galleryTitle: 'Summer portraits',
      imageCount: 24,
      resolution: 'high',
      url: 'https://photos.example.com/api/packages/sample',
      expiresAt: '2027-01-22T00:00:00.000Z',
    },
  },
  reminder: {
    audience: 'client',
    subject: 'Reminder: {days} left to confirm your selection – {gallery}',
    intro: 'Your selection for "{gallery}" is due in {days} ({deadline}).',
    values: (d, studio) => ({
      studio,
      gallery: d.galleryTitle,
      days: plural(d.daysLeft, 'day'),
      deadline: formatDate(d.deadline) ?? d.deadline,
    }),
    body: (d, studio) => ({
      heading: 'Your selection is due soon',
      greeting: d.recipientName ? `Hello ${d.recipientName},` : null,
      body: ['Please choose your photos and confirm your final set before then: after the deadline the gallery is locked.'],
      action: { label: 'Open the gallery', url: d.url },
      footer: sent(studio),
    }),
    sample: {
      galleryTitle: 'Anna & Ben, wedding',
      deadline: '2027-01-31',
      daysLeft: 3,
      url: SAMPLE_URL,
      recipientName: 'Anna',
    },
  },
  'deadline-passed': {
    audience: 'studio',
    subject: '[{studio}] Deadline passed: {gallery}',
    intro: 'The deadline of "{gallery}" has passed: the gallery is now locked.',
    values: (d, studio) => ({ studio, gallery: d.galleryTitle }),
    body: (d, studio) => ({
      heading: 'Deadline passed',
      body: clientLine(d.clientName),
      action: { label: 'See activity', url: d.adminUrl },
      footer: notifications(studio),
    }),
    sample: {
      galleryTitle: 'Anna & Ben, wedding',
      clientName: 'Anna Meyer',
      adminUrl: SAMPLE_ADMIN,
    },
  },
  'selection-confirmed': {
    audience: 'studio',
    subject: '[{studio}] {who} confirmed their final selection',
    intro: '{who} confirmed their final selection of "{gallery}".',
    values: (d, studio) => ({ studio, gallery: d.galleryTitle, who: d.who }),
    body: (d, studio) => ({
      heading: 'Selection confirmed',
      body: clientLine(d.clientName),
      action: { label: 'See activity', url: d.adminUrl },
      footer: notifications(studio),
    }),
    sample: {
      who: 'Anna',
      galleryTitle: 'Anna & Ben, wedding',
      clientName: 'Anna Meyer',
      adminUrl: SAMPLE_ADMIN,
    },
  },
  'comment-digest': {
    audience: 'studio',
    subject: '[{studio}] {count} from clients',
    intro: 'Clients left {count}. Reply to each thread in the admin.',
    values: (d, studio) => ({
      studio,
      count: plural(d.comments.length, 'new comment'),
    }),
    body: (d, studio) => {
      const threads = new Map<string, DigestComment[]>();
      for (const c of d.comments) threads.set(c.replyUrl, [...(threads.get(c.replyUrl) ?? []), c]);
      const line = (c: DigestComment) => `${c.who} on "${c.galleryTitle}"${c.photo ? ` (${c.photo})` : ' (gallery)'}: ${c.body}`;
      return {
        heading: plural(d.comments.length, 'new comment'),
        // Each thread carries its own reply link: no button, which could only repeat one of them.
        body: [...threads].map(([url, comments]) => ({ lines: comments.map(line), link: { label: 'Reply in the admin', url } })),
        action: null,
        footer: notifications(studio),
      };
    },
    sample: {
      comments: [
        {
          who: 'Anna',
          galleryTitle: 'Anna & Ben, wedding',
          photo: 'IMG_0412.jpg',
          body: 'Could this one be a little brighter?',
          replyUrl: `${SAMPLE_ADMIN}#thread-1`,
        },
        {
          who: 'Ben',
          galleryTitle: 'Anna & Ben, wedding',
          photo: null,
          body: 'We love them all, thank you!',
          replyUrl: `${SAMPLE_ADMIN}#thread-2`,
        },
      ],
    },
  },
  milestone: {
    audience: 'studio',
    subject: '[{studio}] {who} {event}',
    intro: '{who} {event}: "{gallery}".',
    values: (d, studio) => ({
      studio,
      gallery: d.galleryTitle,
      who: d.who,
      event: MILESTONE_TEXT[d.milestone],
    }),
    body: (d, studio) => ({
      heading: 'Gallery activity',
      body: clientLine(d.clientName),
      action: { label: 'See activity', url: d.adminUrl },
      footer: notifications(studio),
    }),
    sample: {
      milestone: 'first-view',
      who: 'Anna',
      galleryTitle: 'Anna & Ben, wedding',
      clientName: 'Anna Meyer',
      adminUrl: SAMPLE_ADMIN,
    },
  },
  'portal-confirmation': {
    audience: 'client',
    subject: 'Confirm your account at {studio}',
    intro: 'Thank you for creating an account with {studio}. Please confirm your email address: your galleries show in your account once it is confirmed.',
    values: (_d, studio) => ({ studio }),
    body: (d, studio) => ({
      heading: 'Confirm your email address',
      body: ['If you did not create an account, ignore this email.'],
      action: { label: 'Confirm my email address', url: d.url },
      footer: sent(studio),
    }),
    sample: {
      url: 'https://photos.example.com/api/auth/email-confirmation?confirmation=sample',
    },
  },
  'portal-reset-password': {
    audience: 'client',
    subject: 'Reset your password at {studio}',
    intro: 'Someone (we hope you) asked to reset the password of your {studio} account.',
    values: (_d, studio) => ({ studio }),
    body: (d, studio) => ({
      heading: 'Reset your password',
      body: ['If you did not ask for it, ignore this email: your password stays as it is.'],
      action: { label: 'Choose a new password', url: d.url },
      footer: sent(studio),
    }),
    sample: {
      url: 'https://photos.example.com/portal/reset-password?code=sample',
    },
  },
};

/** The placeholders a kind's subject and intro may hold (the keys its values() gives). */
export function placeholdersOf(kind: MailTemplateKind): string[] {
  const template = MAIL_TEMPLATES[kind] as MailTemplate<MailTemplateKind>;
  return Object.keys(template.values(template.sample as never, 'Studio'));
}
