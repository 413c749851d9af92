import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { getService } from '../../get-service';
import type { StudioSettings } from '../../lib/studio-settings';

/** How much of a mail server's refusal the settings page is shown (the reason, not a transcript). */
const ERROR_MAX_LENGTH = 500;

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The test mail's words: it proves the sender, reply-to and logo arrive, nothing else. */
function testMail(studio: StudioSettings) {
  const subject = `Test mail from ${studio.name}`;
  const text = `This is a test mail from the client gallery settings of ${studio.name}.\n\nIf you can read it, mails to your clients are sent.${studio.replyTo ? `\nAnswers go to ${studio.replyTo}.` : ''}\n`;
  const logo = studio.logoUrl ? `<p><img src="${escapeHtml(studio.logoUrl)}" alt="${escapeHtml(studio.name)}" style="max-height:60px;max-width:240px"></p>` : '';
  const html = `${logo}<p>This is a test mail from the client gallery settings of <strong>${escapeHtml(studio.name)}</strong>.</p><p>If you can read it, mails to your clients are sent.${
    studio.replyTo ? ` Answers go to ${escapeHtml(studio.replyTo)}.` : ''
  }</p>`;
  return { subject, text, html };
}

/**
 * "Send a test mail" on the settings page: straight through the mailer (not the outbox: the point
 * is to see the mail server's answer now, and nothing is retried), to the address given or the
 * studio's notify address. A refusal is the answer, not a failure of the request: `{ ok: false,
 * error }` with the mail server's message.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async send(to: string | undefined): Promise<{ ok: boolean; to: string; error?: string }> {
    const studio = await getService(strapi, 'studio-settings').studio();
    const address = to || studio.notifyEmail;
    if (!address) {
      throw new errors.ValidationError('to: give an address, or save a notify address first', {
        errors: [{ path: ['to'], message: 'Give an address, or save a notify address first', name: 'ValidationError' }],
      });
    }
    try {
      await getService(strapi, 'mailer').send({ to: address, ...testMail(studio) });
      return { ok: true, to: address };
    } catch (error) {
      const message = String((error as { message?: unknown } | null)?.message ?? error).slice(0, ERROR_MAX_LENGTH);
      strapi.log.warn(`client-gallery: the test mail to ${address} was refused: ${message}`);
      return { ok: false, to: address, error: message || 'The mail was not sent' };
    }
  },
});
