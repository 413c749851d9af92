import { useAuth, useFetchClient } from '@strapi/strapi/admin';
import { useMemo } from 'react';
import type {
  AdminWatermarkDesign,
  ListWatermarkDesignsResponse,
  WatermarkDesignChoice,
  WatermarkDesignInput,
  WatermarkLogo,
} from '../../../shared/watermarks';
import { PLUGIN_ID } from '../../../shared/permissions';
import { adminUrl } from './api';

const base = `/${PLUGIN_ID}/watermark-designs`;

/** The watermark designer's admin routes (settings permission), and the gallery form's list of choices. */
export function useWatermarkApi() {
  const { get, post, put, del } = useFetchClient();
  // The fetch client's post() always parses JSON; the preview is an image, so it goes by fetch with the same token.
  const token = useAuth('ClientGallery', (auth) => auth.token);
  return useMemo(
    () => ({
      list: async () => (await get<ListWatermarkDesignsResponse>(base)).data,
      choices: async () => (await get<{ results: WatermarkDesignChoice[] }>(`${base}/choices`)).data.results,
      create: async (body: WatermarkDesignInput) => (await post<{ data: AdminWatermarkDesign }>(base, body)).data.data,
      update: async (documentId: string, body: WatermarkDesignInput) => (await put<{ data: AdminWatermarkDesign }>(`${base}/${documentId}`, body)).data.data,
      remove: async (documentId: string) => {
        await del(`${base}/${documentId}`);
      },
      setDefault: async (documentId: string) => (await post<{ data: AdminWatermarkDesign }>(`${base}/${documentId}/default`, {})).data.data,
      uploadLogo: async (file: File) => {
        const form = new FormData();
        form.append('file', file, file.name);
        return (await post<{ data: WatermarkLogo }>(`${base}/logo`, form)).data.data;
      },
      /** The design as the form holds it, drawn by the server on its sample photo. */
      preview: async (body: Omit<WatermarkDesignInput, 'name'>, signal?: AbortSignal) => {
        const response = await fetch(adminUrl(`${base}/preview`), {
          method: 'POST',
          credentials: 'include',
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', Accept: 'image/jpeg' },
          body: JSON.stringify(body),
          signal,
        });
        if (!response.ok) throw new Error(`preview: ${response.status}`);
        return response.blob();
      },
    }),
    [get, post, put, del, token],
  );
}
