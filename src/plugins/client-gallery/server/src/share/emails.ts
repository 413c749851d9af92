/**
 * Email bodies for share links, as pure functions (text + HTML). They never include a
 * password, a hash or anyone else's address. Every interpolated value is HTML-escaped.
 */
import type { MilestoneKind } from '../../../shared/contracts';

export interface Mail {
  subject: string;
  text: string;
  html: string;
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function formatDate(value: string | null | undefined): string | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

export function layout(title: string, paragraphs: string[], action: { label: string; url: string } | null, footer: string): string {
  const body = paragraphs.map((p) => `<p style="margin:0 0 16px">${p}</p>`).join('\n');
  const button = action
    ? `<p style="margin:24px 0"><a href="${escapeHtml(action.url)}" style="background:#222;color:#fff;padding:12px 20px;border-radius:4px;text-decoration:none">${escapeHtml(action.label)}</a></p>
<p style="margin:0 0 16px;font-size:12px;color:#666">Or open this address: <a href="${escapeHtml(action.url)}">${escapeHtml(action.url)}</a></p>`
    : '';
  return `<!doctype html><html><body style="font-family:Helvetica,Arial,sans-serif;color:#222;max-width:560px;margin:0 auto;padding:24px">
<h1 style="font-size:20px;margin:0 0 16px">${escapeHtml(title)}</h1>
${body}
${button}
<p style="margin:32px 0 0;font-size:12px;color:#666">${escapeHtml(footer)}</p>
</body></html>`;
}

export interface InvitationMail {
  studioName: string;
  galleryTitle: string;
  recipientName?: string | null;
  welcomeNote?: string | null;
  deadline?: string | null;
  url: string;
  /** Only whether there is one: the password itself is never mailed. */
  passwordProtected: boolean;
}

export function invitationMail(input: InvitationMail): Mail {
  const deadline = formatDate(input.deadline);
  const greeting = input.recipientName ? `Hello ${input.recipientName},` : 'Hello,';
  const lines = [
    greeting,
    `${input.studioName} has shared the gallery "${input.galleryTitle}" with you.`,
    ...(input.welcomeNote ? [input.welcomeNote] : []),
    ...(deadline ? [`Please make your choices by ${deadline}.`] : []),
    ...(input.passwordProtected ? ['The gallery is protected by a password, which the studio will give you separately.'] : []),
  ];
  const text = [...lines, '', `Open your gallery: ${input.url}`, '', `This link is personal to you. Sent by ${input.studioName}.`].join('\n');
  const html = layout(
    input.galleryTitle,
    lines.map((line) => escapeHtml(line).replace(/\n/g, '<br>')),
    { label: 'Open your gallery', url: input.url },
    `This link is personal to you. Sent by ${input.studioName}.`,
  );
  return { subject: `${input.studioName}: your gallery "${input.galleryTitle}"`, text, html };
}

/** After a claim on a general link: the visitor's own private link (or, for an existing one, a time-limited way in). */
export function claimMail(input: { studioName: string; galleryTitle: string; url: string; expiresAt?: Date | null }): Mail {
  const until = input.expiresAt ? `This sign-in link works until ${input.expiresAt.toUTCString()}.` : 'Keep this email: the link is personal to you.';
  const lines = [`Here is your private link to "${input.galleryTitle}" from ${input.studioName}. Your favourites are kept with it.`, until];
  return {
    subject: `Your private link to "${input.galleryTitle}"`,
    text: [...lines, '', `Open your gallery: ${input.url}`].join('\n'),
    html: layout(input.galleryTitle, lines.map(escapeHtml), { label: 'Open your gallery', url: input.url }, `Sent by ${input.studioName}.`),
  };
}

/** A one-time sign-in link for a private link's recipient (their password is locked, or forgotten). */
export function signInMail(input: { studioName: string; galleryTitle: string; url: string; expiresAt: Date }): Mail {
  const lines = [
    `Someone (we hope you) asked to sign in to "${input.galleryTitle}" from ${input.studioName} without the password.`,
    `This link signs you in once, in the browser you open it in, until ${input.expiresAt.toUTCString()}.`,
    'If you did not ask for it, ignore this email: nobody else can use it.',
  ];
  return {
    subject: `Sign in to "${input.galleryTitle}"`,
    text: [...lines, '', `Sign in: ${input.url}`].join('\n'),
    html: layout(input.galleryTitle, lines.map(escapeHtml), { label: 'Sign in to your gallery', url: input.url }, `Sent by ${input.studioName}.`),
  };
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

export function milestoneMail(input: { studioName: string; milestone: MilestoneKind; who: string; galleryTitle: string; clientName?: string | null; adminUrl: string }): Mail {
  const what = MILESTONE_TEXT[input.milestone];
  const summary = `${input.who} ${what}: "${input.galleryTitle}"${input.clientName ? ` (client ${input.clientName})` : ''}.`;
  return {
    subject: `[${input.studioName}] ${input.who} ${what}`,
    text: [summary, '', `Activity: ${input.adminUrl}`].join('\n'),
    html: layout('Gallery activity', [escapeHtml(summary)], { label: 'See activity', url: input.adminUrl }, `${input.studioName} notifications`),
  };
}

export interface PackageMail {
  studioName: string;
  galleryTitle: string;
  imageCount: number;
  resolution: string;
}

/** Sent when a zip is requested: it is being prepared, the link follows. */
export function packagePreparingMail(input: PackageMail): Mail {
  const lines = [
    `We are preparing your download of ${input.imageCount} photo${input.imageCount === 1 ? '' : 's'} from "${input.galleryTitle}" (${input.resolution}).`,
    'We will email you the download link as soon as it is ready.',
  ];
  return {
    subject: `Preparing your download: ${input.galleryTitle}`,
    text: [...lines, '', `Sent by ${input.studioName}.`].join('\n'),
    html: layout(`Preparing your download`, lines.map(escapeHtml), null, `Sent by ${input.studioName}.`),
  };
}

/** Sent when the zip is ready, with its expiring link. */
export function packageReadyMail(input: PackageMail & { url: string; expiresAt: string }): Mail {
  const expires = formatDate(input.expiresAt);
  const lines = [
    `Your download of ${input.imageCount} photo${input.imageCount === 1 ? '' : 's'} from "${input.galleryTitle}" (${input.resolution}) is ready.`,
    ...(expires ? [`The link works until ${expires}.`] : []),
  ];
  return {
    subject: `Your download is ready: ${input.galleryTitle}`,
    text: [...lines, '', `Download: ${input.url}`, '', `This link is personal to you. Sent by ${input.studioName}.`].join('\n'),
    html: layout('Your download is ready', lines.map(escapeHtml), { label: 'Download the zip', url: input.url }, `This link is personal to you. Sent by ${input.studioName}.`),
  };
}
