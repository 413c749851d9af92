import { useFetchClient } from '@strapi/strapi/admin';
import { useCallback, useMemo } from 'react';
import type { ProofingExportFormat, ProofingExportList, ProofingOverview } from '../../../shared/contracts';
import { PLUGIN_ID } from '../../../shared/permissions';

const base = `/${PLUGIN_ID}`;

/** The admin routes of proofing: overview, reopen, replies, review, exports. */
export function useProofingApi() {
  const { get, post } = useFetchClient();
  const overview = useCallback(
    async (galleryDocumentId: string) => (await get<{ data: ProofingOverview }>(`${base}/galleries/${galleryDocumentId}/proofing`)).data.data,
    [get],
  );
  const reopen = useCallback(
    async (linkDocumentId: string, reason: string) => (await post(`${base}/links/${linkDocumentId}/selection/reopen`, { reason })).data,
    [post],
  );
  const reply = useCallback(
    async (linkDocumentId: string, body: string, imageId: string | null) => (await post(`${base}/links/${linkDocumentId}/comments`, { body, imageId })).data,
    [post],
  );
  const setInReview = useCallback(
    async (linkDocumentId: string, imageId: string) => (await post(`${base}/links/${linkDocumentId}/review/${imageId}/in-review`, {})).data,
    [post],
  );
  const exportList = useCallback(
    async (linkDocumentId: string, list: ProofingExportList, format: ProofingExportFormat) =>
      (await get<string>(`${base}/links/${linkDocumentId}/export`, { params: { list, format }, responseType: 'text' } as any)).data,
    [get],
  );
  return useMemo(() => ({ overview, reopen, reply, setInReview, exportList }), [overview, reopen, reply, setInReview, exportList]);
}
