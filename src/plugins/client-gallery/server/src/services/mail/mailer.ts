import type { Core } from '@strapi/strapi';
import { senderNamed } from '../../lib/mail-address';
import { getService } from '../../get-service';

/** One mail as the outbox keeps it. */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/**
 * The only code that hands mail to Strapi's email plugin. Its callers are the outbox's sender
 * (services/mail/mail-outbox.ts) and the settings page's test mail (services/studio/test-mail.ts,
 * which changes nothing and wants the server's answer now): everything else writes an outbox row,
 * so a mail is never sent for a change that rolled back. Here each mail gets the studio's sender: From is the address of
 * the email plugin's `settings.defaultFrom` (what the host's mail server accepts) under the
 * studio's name, and Reply-To the studio's reply-to when it has one (else the plugin's default).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async send(mail: OutgoingMail): Promise<void> {
    const studio = await getService(strapi, 'studio-settings').studio();
    const from = senderNamed(strapi.config.get('plugin::email.settings.defaultFrom') as string | undefined, studio.name);
    await strapi
      .plugin('email')
      .service('email')
      .send({ to: mail.to, subject: mail.subject, text: mail.text, html: mail.html, ...(from ? { from } : {}), ...(studio.replyTo ? { replyTo: studio.replyTo } : {}) });
  },
});
