import { useFetchClient } from '@strapi/strapi/admin';
import { useCallback, useMemo } from 'react';
import type { MailPreview, MailTemplateInfo, MailTemplateKind, MailText } from '../../../shared/mail-texts';
import { PLUGIN_ID } from '../../../shared/permissions';

const base = `/${PLUGIN_ID}/mail-templates`;

/** The Mails settings page's routes: templates, previews with unsaved wording, save and reset. */
export function useMailTemplatesApi() {
  const { get, post, put, del } = useFetchClient();
  const list = useCallback(async () => (await get<{ data: MailTemplateInfo[] }>(base)).data.data, [get]);
  const preview = useCallback(
    async (kind: MailTemplateKind, text: MailText) => (await post<{ data: MailPreview }>(`${base}/${kind}/preview`, text)).data.data,
    [post],
  );
  const save = useCallback(
    async (kind: MailTemplateKind, text: { subject: string | null; intro: string | null }) => (await put<{ data: MailTemplateInfo }>(`${base}/${kind}`, text)).data.data,
    [put],
  );
  const reset = useCallback(async (kind: MailTemplateKind) => (await del<{ data: MailTemplateInfo }>(`${base}/${kind}`)).data.data, [del]);
  return useMemo(() => ({ list, preview, save, reset }), [list, preview, save, reset]);
}
