import { useFetchClient } from '@strapi/strapi/admin';
import { useCallback, useMemo } from 'react';
import type { AdminMail } from '../../../shared/contracts';
import { PLUGIN_ID } from '../../../shared/permissions';

const base = `/${PLUGIN_ID}`;

/** The outbox's admin routes: mails that failed or wait for a retry, and "send again". */
export function useMailApi() {
  const { get, post } = useFetchClient();
  const unsentMails = useCallback(
    async () => (await get<{ data: AdminMail[]; meta: { total: number } }>(`${base}/mails`, { params: { status: 'unsent', limit: 20 } })).data,
    [get],
  );
  const resendMail = useCallback(async (id: string) => (await post<{ data: AdminMail }>(`${base}/mails/${id}/resend`, {})).data.data, [post]);
  return useMemo(() => ({ unsentMails, resendMail }), [unsentMails, resendMail]);
}
