import { useAuth, useFetchClient } from '@strapi/strapi/admin';
import { useCallback, useMemo } from 'react';
import type { AdminGallery } from '../../../shared/contracts';
import { PLUGIN_ID } from '../../../shared/permissions';
import { adminUrl } from './api';

const base = `/${PLUGIN_ID}`;

/** The admin routes for several photos of one client at once (Modify): label, delete, add to a gallery, zip. */
export function usePhotoBatchApi() {
  const { post } = useFetchClient();
  const token = useAuth('ClientGallery', (auth) => auth.token);

  const batchLabel = useCallback(
    async (imageIds: string[], label: string | null) =>
      (await post<{ data: { updated: number } }>(`${base}/images/batch/label`, { imageIds, label })).data.data,
    [post],
  );
  /** All or nothing: a record's photo in the batch refuses the whole batch with 409 (PhotoBatchBar then deletes one by one). */
  const batchDelete = useCallback(
    async (imageIds: string[]) => (await post<{ data: { deleted: number } }>(`${base}/images/batch/delete`, { imageIds })).data.data,
    [post],
  );
  const batchAddToGallery = useCallback(
    async (imageIds: string[], galleryId: string) =>
      (await post<{ data: AdminGallery }>(`${base}/images/batch/add-to-gallery`, { imageIds, galleryId })).data.data,
    [post],
  );
  /** The originals as one zip. The fetch client's post reads JSON only, so this posts itself, with the admin's token as the client does. */
  const batchZip = useCallback(
    async (imageIds: string[]) => {
      const response = await fetch(adminUrl(`${base}/images/batch/zip`), {
        method: 'POST',
        credentials: 'include',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ imageIds }),
      });
      if (!response.ok) {
        const body = await response.json().catch(() => null);
        throw new Error(body?.error?.message ?? `HTTP ${response.status}`);
      }
      return response.blob();
    },
    [token],
  );

  return useMemo(() => ({ batchLabel, batchDelete, batchAddToGallery, batchZip }), [batchLabel, batchDelete, batchAddToGallery, batchZip]);
}
