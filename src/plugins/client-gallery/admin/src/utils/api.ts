import { useFetchClient } from '@strapi/strapi/admin';
import { useCallback, useMemo } from 'react';
import type {
  AdminActivity,
  AdminGallery,
  AdminImage,
  AdminLink,
  ClientSummary,
  CreateLinkRequest,
  GalleryChanges,
  IssuedLinkResponse,
  LinkSettingsInput,
  ListClientsResponse,
  ListImagesResponse,
  NewGalleryRequest,
  ShareWithClientRequest,
  UploadResponse,
} from '../../../shared/contracts';
import type { MarkupLayer, MarkupState } from '../../../shared/markup';
import { PLUGIN_ID } from '../../../shared/permissions';
import { galleryPagePath } from '../../../shared/page-paths';

const base = `/${PLUGIN_ID}`;

/** GET /merges/preview */
export interface MergePreview {
  source: { documentId: string; name: string };
  target: { documentId: string; name: string };
  kinds: Array<{ uid: string; label: string; count: number }>;
  shareLinks: number;
}
/** GET /merges?client= */
export interface MergeRecord {
  documentId: string;
  source: { documentId: string; name: string } | null;
  target: { documentId: string; name: string } | null;
  mergedAt: string;
  undoneAt: string | null;
}

/** The Photos tab's filters by a client's choices: a recipient is a share link's documentId. */
export interface PhotoFilterParams {
  selectedBy?: string;
  favouritedBy?: string;
  commented?: 'true';
}

/** The admin UI's one door to the plugin's admin routes; shapes come from shared/contracts. */
export function useGalleryApi() {
  const { get, post, put, del } = useFetchClient();

  const listClients = useCallback(
    async (params: { search?: string; page: number; pageSize: number }) => (await get<ListClientsResponse>(`${base}/clients`, { params })).data,
    [get],
  );
  const getClient = useCallback(async (documentId: string) => (await get<{ data: ClientSummary }>(`${base}/clients/${documentId}`)).data.data, [get]);
  const listImages = useCallback(
    async (documentId: string, params: { cursor?: string; limit: number } & PhotoFilterParams) =>
      (await get<ListImagesResponse>(`${base}/clients/${documentId}/images`, { params })).data,
    [get],
  );

  /** Every photo of a client (keyset pages of 100, capped), for the comparison view's navigation. */
  const listAllImages = useCallback(
    async (documentId: string, max = 1000) => {
      const all: AdminImage[] = [];
      let cursor: string | undefined;
      do {
        const page = await listImages(documentId, { limit: 100, cursor });
        all.push(...page.results);
        cursor = page.nextCursor ?? undefined;
      } while (cursor && all.length < max);
      return all;
    },
    [listImages],
  );

  /** One file per request, so each file gets its own result (a bad file fails only its own request). */
  const uploadPhoto = useCallback(
    async (clientDocumentId: string, file: File, label?: string) => {
      const form = new FormData();
      form.append('files', file, file.name);
      if (label) form.append('label', label);
      return (await post<UploadResponse>(`${base}/clients/${clientDocumentId}/images`, form)).data;
    },
    [post],
  );
  const deletePhoto = useCallback(
    async (imageDocumentId: string) => {
      await del(`${base}/images/${imageDocumentId}`);
    },
    [del],
  );

  const setLabel = useCallback(
    async (imageDocumentId: string, label: string) => (await put<{ data: AdminImage }>(`${base}/images/${imageDocumentId}`, { label })).data.data,
    [put],
  );

  const createGallery = useCallback(
    async (clientDocumentId: string, body: NewGalleryRequest) =>
      (await post<{ data: AdminGallery }>(`${base}/clients/${clientDocumentId}/galleries`, body)).data.data,
    [post],
  );
  const updateGallery = useCallback(
    async (galleryDocumentId: string, body: GalleryChanges) => (await put<{ data: AdminGallery }>(`${base}/galleries/${galleryDocumentId}`, body)).data.data,
    [put],
  );
  const setGalleryPublished = useCallback(
    async (galleryDocumentId: string, published: boolean) =>
      (await post<{ data: AdminGallery }>(`${base}/galleries/${galleryDocumentId}/${published ? 'publish' : 'unpublish'}`, {})).data.data,
    [post],
  );

  const listGalleries = useCallback(
    async (clientDocumentId: string) => (await get<{ data: AdminGallery[] }>(`${base}/clients/${clientDocumentId}/galleries`)).data.data,
    [get],
  );
  /** The links of every gallery of a client: who the Photos filter can name. */
  const listRecipients = useCallback(
    async (clientDocumentId: string) => (await get<{ data: AdminLink[] }>(`${base}/clients/${clientDocumentId}/recipients`)).data.data,
    [get],
  );
  const listLinks = useCallback(
    async (galleryDocumentId: string) => (await get<{ data: AdminLink[] }>(`${base}/galleries/${galleryDocumentId}/links`)).data.data,
    [get],
  );
  const createLink = useCallback(
    async (galleryDocumentId: string, body: CreateLinkRequest) => (await post<IssuedLinkResponse>(`${base}/galleries/${galleryDocumentId}/links`, body)).data,
    [post],
  );
  const shareWithClient = useCallback(
    async (galleryDocumentId: string, body: ShareWithClientRequest) =>
      (await post<IssuedLinkResponse>(`${base}/galleries/${galleryDocumentId}/share-with-client`, body)).data,
    [post],
  );
  const updateLink = useCallback(
    async (linkDocumentId: string, body: LinkSettingsInput) => (await put<{ data: AdminLink }>(`${base}/links/${linkDocumentId}`, body)).data.data,
    [put],
  );
  const revokeLink = useCallback(
    async (linkDocumentId: string) => (await post<{ data: AdminLink }>(`${base}/links/${linkDocumentId}/revoke`, {})).data.data,
    [post],
  );
  const regenerateLink = useCallback(
    async (linkDocumentId: string) => (await post<IssuedLinkResponse>(`${base}/links/${linkDocumentId}/regenerate`, {})).data,
    [post],
  );
  const retryInvitation = useCallback(
    async (linkDocumentId: string) => (await post<IssuedLinkResponse>(`${base}/links/${linkDocumentId}/invitation/retry`, {})).data,
    [post],
  );

  /** A file from a Modify route, as a Blob (the fetch client sends the admin's token). */
  const fetchFile = useCallback(
    async (url: string, params?: Record<string, string>) => (await get<Blob>(url, { params, responseType: 'blob' } as any)).data,
    [get],
  );
  const downloadOriginal = useCallback(async (imageDocumentId: string) => fetchFile(`${base}/images/${imageDocumentId}/original`), [fetchFile]);
  const downloadComparison = useCallback(
    async (imageIds: string[], width: number) => fetchFile(`${base}/comparisons/download`, { imageIds: imageIds.join(','), width: String(width) }),
    [fetchFile],
  );
  const saveComparison = useCallback(
    async (imageIds: string[], width: number) => (await post<{ data: AdminImage }>(`${base}/comparisons`, { imageIds, width })).data.data,
    [post],
  );

  const galleryOrder = useCallback(
    async (galleryDocumentId: string) => (await get<{ data: string[] }>(`${base}/galleries/${galleryDocumentId}/images`)).data.data,
    [get],
  );
  const addToGallery = useCallback(
    async (galleryDocumentId: string, imageIds: string[]) =>
      (await post<{ data: AdminGallery }>(`${base}/galleries/${galleryDocumentId}/images`, { imageIds })).data.data,
    [post],
  );
  const removeFromGallery = useCallback(
    async (galleryDocumentId: string, imageIds: string[]) =>
      (await post<{ data: AdminGallery }>(`${base}/galleries/${galleryDocumentId}/images/remove`, { imageIds })).data.data,
    [post],
  );
  const reorderGallery = useCallback(
    async (galleryDocumentId: string, imageIds: string[]) =>
      (await put<{ data: string[] }>(`${base}/galleries/${galleryDocumentId}/images`, { imageIds })).data.data,
    [put],
  );
  const setGalleryCover = useCallback(
    async (galleryDocumentId: string, imageId: string) =>
      (await put<{ data: AdminGallery }>(`${base}/galleries/${galleryDocumentId}/cover`, { imageId })).data.data,
    [put],
  );
  const duplicateGallery = useCallback(
    async (galleryDocumentId: string) => (await post<{ data: AdminGallery }>(`${base}/galleries/${galleryDocumentId}/duplicate`, {})).data.data,
    [post],
  );
  const deleteGallery = useCallback(
    async (galleryDocumentId: string) => {
      await del(`${base}/galleries/${galleryDocumentId}`);
    },
    [del],
  );

  const createClient = useCallback(
    async (body: { name: string; email: string | null; phone: string | null }) => (await post<{ data: ClientSummary }>(`${base}/clients`, body)).data.data,
    [post],
  );
  const updateClient = useCallback(
    async (documentId: string, body: { name: string; email: string | null; phone: string | null }) =>
      (await put<{ data: ClientSummary }>(`${base}/clients/${documentId}`, body)).data.data,
    [put],
  );
  const mergePreview = useCallback(
    async (source: string, target: string) => (await get<{ data: MergePreview }>(`${base}/merges/preview`, { params: { source, target } })).data.data,
    [get],
  );
  const mergeClients = useCallback(
    async (source: string, target: string) => (await post<{ data: unknown }>(`${base}/merges`, { source, target })).data.data,
    [post],
  );
  const listMerges = useCallback(
    async (client: string) => (await get<{ results: MergeRecord[] }>(`${base}/merges`, { params: { client } })).data.results,
    [get],
  );
  const undoMerge = useCallback(async (documentId: string) => (await post<{ data: unknown }>(`${base}/merges/${documentId}/undo`, {})).data.data, [post]);

  const markupState = useCallback(
    async (imageDocumentId: string) => (await get<{ data: MarkupState }>(`${base}/images/${imageDocumentId}/markup`)).data.data,
    [get],
  );
  const saveMarkupDraft = useCallback(
    async (imageDocumentId: string, layers: MarkupLayer[]) =>
      (await put<{ data: MarkupState }>(`${base}/images/${imageDocumentId}/markup/draft`, { layers })).data.data,
    [put],
  );
  const submitMarkup = useCallback(
    async (imageDocumentId: string, layers: MarkupLayer[]) =>
      (await post<{ data: AdminImage }>(`${base}/images/${imageDocumentId}/markup`, { layers })).data.data,
    [post],
  );

  const clientActivity = useCallback(
    async (clientDocumentId: string, limit = 50) =>
      (await get<{ data: AdminActivity[] }>(`${base}/clients/${clientDocumentId}/activity`, { params: { limit } })).data.data,
    [get],
  );
  const linkActivity = useCallback(
    async (linkDocumentId: string, limit = 50) =>
      (await get<{ data: AdminActivity[] }>(`${base}/links/${linkDocumentId}/activity`, { params: { limit } })).data.data,
    [get],
  );
  const listNotifications = useCallback(
    async (unread: boolean) => (await get<{ data: AdminActivity[] }>(`${base}/notifications`, { params: { unread: String(unread) } })).data.data,
    [get],
  );
  const markNotificationRead = useCallback(
    async (documentId: string) => (await post<{ data: AdminActivity }>(`${base}/notifications/${documentId}/read`, {})).data.data,
    [post],
  );

  return useMemo(
    () => ({
      listClients,
      getClient,
      listImages,
      listAllImages,
      uploadPhoto,
      deletePhoto,
      setLabel,
      createGallery,
      updateGallery,
      setGalleryPublished,
      listGalleries,
      listLinks,
      listRecipients,
      createLink,
      shareWithClient,
      updateLink,
      revokeLink,
      regenerateLink,
      retryInvitation,
      clientActivity,
      linkActivity,
      listNotifications,
      markNotificationRead,
      downloadOriginal,
      downloadComparison,
      saveComparison,
      markupState,
      saveMarkupDraft,
      submitMarkup,
      createClient,
      updateClient,
      mergePreview,
      mergeClients,
      listMerges,
      undoMerge,
      galleryOrder,
      addToGallery,
      removeFromGallery,
      reorderGallery,
      setGalleryCover,
      duplicateGallery,
      deleteGallery,
    }),
    [
      listClients,
      getClient,
      listImages,
      listAllImages,
      uploadPhoto,
      deletePhoto,
      setLabel,
      createGallery,
      updateGallery,
      setGalleryPublished,
      listGalleries,
      listLinks,
      listRecipients,
      createLink,
      shareWithClient,
      updateLink,
      revokeLink,
      regenerateLink,
      retryInvitation,
      clientActivity,
      linkActivity,
      listNotifications,
      markNotificationRead,
      downloadOriginal,
      downloadComparison,
      saveComparison,
      markupState,
      saveMarkupDraft,
      submitMarkup,
      createClient,
      updateClient,
      mergePreview,
      mergeClients,
      listMerges,
      undoMerge,
      galleryOrder,
      addToGallery,
      removeFromGallery,
      reorderGallery,
      setGalleryCover,
      duplicateGallery,
      deleteGallery,
    ],
  );
}

/** The server's error message (a FetchError carries Strapi's `error.message`), for toasts and inline errors. */
export function errorMessage(error: unknown): string {
  const e = error as { response?: { data?: { error?: { message?: string } } }; message?: string };
  return e?.response?.data?.error?.message ?? e?.message ?? 'Something went wrong';
}

/** The URL of an admin route on the backend, as the fetch client builds it. */
export function adminUrl(path: string): string {
  const backend = (window as unknown as { strapi?: { backendURL?: string } }).strapi?.backendURL || window.location.origin;
  return `${backend.replace(/\/$/, '')}${path}`;
}

/** The public gallery URL of a link token, on the server that serves the gallery pages. */
export function galleryUrl(token: string): string {
  return adminUrl(galleryPagePath(token));
}

/** Hand a Blob to the browser as a file download. */
export function saveBlob(blob: Blob, fileName: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
