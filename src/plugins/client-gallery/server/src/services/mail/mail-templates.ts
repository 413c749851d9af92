import type { Core } from '@strapi/strapi';
import { MAIL_TEMPLATE_KINDS, type MailPreview, type MailTemplateInfo, type MailTemplateKind, type MailText } from '../../../../shared/mail-texts';
import { MAIL_TEMPLATES, placeholdersOf, previewMail } from '../../mail-templates';
import type { MailTextChange, StudioSettings } from '../../lib/studio-settings';
import { getService } from '../../get-service';

/**
 * The studio's Mails settings page: each template with its default and saved wording, a preview
 * built from sample data (with wording not yet saved), and saving through the studio settings'
 * one door (validated there: bounds, controls, placeholders).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const settings = () => getService(strapi, 'studio-settings');

  const info = (kind: MailTemplateKind, studio: StudioSettings): MailTemplateInfo => {
    const saved: MailText = studio.mailTexts[kind] ?? {};
    return {
      kind,
      audience: MAIL_TEMPLATES[kind].audience,
      placeholders: placeholdersOf(kind),
      defaults: { subject: MAIL_TEMPLATES[kind].subject, intro: MAIL_TEMPLATES[kind].intro },
      saved: { subject: saved.subject ?? null, intro: saved.intro ?? null },
    };
  };

  return {
    async list(): Promise<MailTemplateInfo[]> {
      const studio = await settings().studio();
      return MAIL_TEMPLATE_KINDS.map((kind) => info(kind, studio));
    },

    /** The kind's mail from sample data, in the studio's brand; `override` is wording the page has not saved. */
    async preview(kind: MailTemplateKind, override: MailText = {}): Promise<MailPreview> {
      return previewMail(kind, await settings().studio(), override);
    },

    /** Save a kind's wording: a string sets a key, null puts it back to the default. */
    async save(kind: MailTemplateKind, change: unknown): Promise<MailTemplateInfo> {
      return info(kind, await settings().save({ mailTexts: { [kind]: change as MailTextChange } }));
    },

    /** Both keys of a kind back to the template's default. */
    async reset(kind: MailTemplateKind): Promise<MailTemplateInfo> {
      return info(kind, await settings().save({ mailTexts: { [kind]: null } }));
    },
  };
};
