import { useFetchClient } from '@strapi/strapi/admin';
import { useMemo } from 'react';
import type {
  AdminActivity,
  AdminGallery,
  AdminImage,
  AdminLink,
  ClientInput,
  ClientSummary,
  CreateLinkRequest,
  GalleryChanges,
  IssuedLinkResponse,
  LinkSettingsInput,
  ListClientsResponse,
  ListImagesResponse,
  MergePreview,
  MergeRecord,
  NewGalleryRequest,
  ShareWithClientRequest,
  UploadResponse,
} from '../../../shared/contracts';
import type { MarkupLayer, MarkupState } from '../../../shared/markup';
import { PLUGIN_ID } from '../../../shared/permissions';
import { galleryPagePath } from '../../../shared/page-paths';

const base = `/${PLUGIN_ID}`;

/** The Photos tab's filters by a client's choices: a recipient is a share link's documentId. */
export interface PhotoFilterParams {
  selectedBy?: string;
  favouritedBy?: string;
  commented?: 'true';
}

type FetchClient = ReturnType<typeof useFetchClient>;

/**
 * The plugin's admin routes, one function each, over a fetch client; shapes come from
 * shared/contracts. Components reach it through useGalleryApi().
 */
export function galleryApi({ get, post, put, del }: FetchClient) {
  /** A file from a Modify route, as a Blob (the fetch client sends the admin's token). */
  const fetchFile = async (url: string, params?: Record<string, string>) => (await get<Blob>(url, { params, responseType: 'blob' } as any)).data;

  const api = {
    listClients: async (params: { search?: string; page: number; pageSize: number }) => (await get<ListClientsResponse>(`${base}/clients`, { params })).data,
    getClient: async (documentId: string) => (await get<{ data: ClientSummary }>(`${base}/clients/${documentId}`)).data.data,
    listImages: async (documentId: string, params: { cursor?: string; limit: number } & PhotoFilterParams) =>
      (await get<ListImagesResponse>(`${base}/clients/${documentId}/images`, { params })).data,

    /** Every photo of a client (keyset pages of 100, capped), for the comparison view's navigation. */
    listAllImages: async (documentId: string, max = 1000) => {
      const all: AdminImage[] = [];
      let cursor: string | undefined;
      do {
        const page = await api.listImages(documentId, { limit: 100, cursor });
        all.push(...page.results);
        cursor = page.nextCursor ?? undefined;
      } while (cursor && all.length < max);
      return all;
    },

    /** One file per request, so each file gets its own result (a bad file fails only its own request). */
    uploadPhoto: async (clientDocumentId: string, file: File, label?: string) => {
      const form = new FormData();
      form.append('files', file, file.name);
      if (label) form.append('label', label);
      return (await post<UploadResponse>(`${base}/clients/${clientDocumentId}/images`, form)).data;
    },
    deletePhoto: async (imageDocumentId: string) => {
      await del(`${base}/images/${imageDocumentId}`);
    },
    setLabel: async (imageDocumentId: string, label: string) => (await put<{ data: AdminImage }>(`${base}/images/${imageDocumentId}`, { label })).data.data,

    createGallery: async (clientDocumentId: string, body: NewGalleryRequest) =>
      (await post<{ data: AdminGallery }>(`${base}/clients/${clientDocumentId}/galleries`, body)).data.data,
    updateGallery: async (galleryDocumentId: string, body: GalleryChanges) => (await put<{ data: AdminGallery }>(`${base}/galleries/${galleryDocumentId}`, body)).data.data,
    setGalleryPublished: async (galleryDocumentId: string, published: boolean) =>
      (await post<{ data: AdminGallery }>(`${base}/galleries/${galleryDocumentId}/${published ? 'publish' : 'unpublish'}`, {})).data.data,
    listGalleries: async (clientDocumentId: string) => (await get<{ data: AdminGallery[] }>(`${base}/clients/${clientDocumentId}/galleries`)).data.data,

    /** The links of every gallery of a client: who the Photos filter can name. */
    listRecipients: async (clientDocumentId: string) => (await get<{ data: AdminLink[] }>(`${base}/clients/${clientDocumentId}/recipients`)).data.data,
    listLinks: async (galleryDocumentId: string) => (await get<{ data: AdminLink[] }>(`${base}/galleries/${galleryDocumentId}/links`)).data.data,
    createLink: async (galleryDocumentId: string, body: CreateLinkRequest) => (await post<IssuedLinkResponse>(`${base}/galleries/${galleryDocumentId}/links`, body)).data,
    shareWithClient: async (galleryDocumentId: string, body: ShareWithClientRequest) =>
      (await post<IssuedLinkResponse>(`${base}/galleries/${galleryDocumentId}/share-with-client`, body)).data,
    updateLink: async (linkDocumentId: string, body: LinkSettingsInput) => (await put<{ data: AdminLink }>(`${base}/links/${linkDocumentId}`, body)).data.data,
    revokeLink: async (linkDocumentId: string) => (await post<{ data: AdminLink }>(`${base}/links/${linkDocumentId}/revoke`, {})).data.data,
    regenerateLink: async (linkDocumentId: string) => (await post<IssuedLinkResponse>(`${base}/links/${linkDocumentId}/regenerate`, {})).data,
    retryInvitation: async (linkDocumentId: string) => (await post<IssuedLinkResponse>(`${base}/links/${linkDocumentId}/invitation/retry`, {})).data,

    downloadOriginal: async (imageDocumentId: string) => fetchFile(`${base}/images/${imageDocumentId}/original`),
    downloadComparison: async (imageIds: string[], width: number) => fetchFile(`${base}/comparisons/download`, { imageIds: imageIds.join(','), width: String(width) }),
    saveComparison: async (imageIds: string[], width: number) => (await post<{ data: AdminImage }>(`${base}/comparisons`, { imageIds, width })).data.data,

    galleryOrder: async (galleryDocumentId: string) => (await get<{ data: string[] }>(`${base}/galleries/${galleryDocumentId}/images`)).data.data,
    addToGallery: async (galleryDocumentId: string, imageIds: string[]) =>
      (await post<{ data: AdminGallery }>(`${base}/galleries/${galleryDocumentId}/images`, { imageIds })).data.data,
    removeFromGallery: async (galleryDocumentId: string, imageIds: string[]) =>
      (await post<{ data: AdminGallery }>(`${base}/galleries/${galleryDocumentId}/images/remove`, { imageIds })).data.data,
    reorderGallery: async (galleryDocumentId: string, imageIds: string[]) =>
      (await put<{ data: string[] }>(`${base}/galleries/${galleryDocumentId}/images`, { imageIds })).data.data,
    setGalleryCover: async (galleryDocumentId: string, imageId: string) =>
      (await put<{ data: AdminGallery }>(`${base}/galleries/${galleryDocumentId}/cover`, { imageId })).data.data,
    duplicateGallery: async (galleryDocumentId: string) => (await post<{ data: AdminGallery }>(`${base}/galleries/${galleryDocumentId}/duplicate`, {})).data.data,
    deleteGallery: async (galleryDocumentId: string) => {
      await del(`${base}/galleries/${galleryDocumentId}`);
    },

    createClient: async (body: ClientInput) => (await post<{ data: ClientSummary }>(`${base}/clients`, body)).data.data,
    updateClient: async (documentId: string, body: ClientInput) => (await put<{ data: ClientSummary }>(`${base}/clients/${documentId}`, body)).data.data,
    mergePreview: async (source: string, target: string) => (await get<{ data: MergePreview }>(`${base}/merges/preview`, { params: { source, target } })).data.data,
    mergeClients: async (source: string, target: string) => (await post<{ data: unknown }>(`${base}/merges`, { source, target })).data.data,
    listMerges: async (client: string) => (await get<{ results: MergeRecord[] }>(`${base}/merges`, { params: { client } })).data.results,
    undoMerge: async (documentId: string) => (await post<{ data: unknown }>(`${base}/merges/${documentId}/undo`, {})).data.data,

    markupState: async (imageDocumentId: string) => (await get<{ data: MarkupState }>(`${base}/images/${imageDocumentId}/markup`)).data.data,
    saveMarkupDraft: async (imageDocumentId: string, layers: MarkupLayer[]) =>
      (await put<{ data: MarkupState }>(`${base}/images/${imageDocumentId}/markup/draft`, { layers })).data.data,
    submitMarkup: async (imageDocumentId: string, layers: MarkupLayer[]) =>
      (await post<{ data: AdminImage }>(`${base}/images/${imageDocumentId}/markup`, { layers })).data.data,

    clientActivity: async (clientDocumentId: string, limit = 50) =>
      (await get<{ data: AdminActivity[] }>(`${base}/clients/${clientDocumentId}/activity`, { params: { limit } })).data.data,
    linkActivity: async (linkDocumentId: string, limit = 50) =>
      (await get<{ data: AdminActivity[] }>(`${base}/links/${linkDocumentId}/activity`, { params: { limit } })).data.data,
    listNotifications: async (unread: boolean) => (await get<{ data: AdminActivity[] }>(`${base}/notifications`, { params: { unread: String(unread) } })).data.data,
    markNotificationRead: async (documentId: string) => (await post<{ data: AdminActivity }>(`${base}/notifications/${documentId}/read`, {})).data.data,
  };
  return api;
}

export type GalleryApi = ReturnType<typeof galleryApi>;

/**
 * The admin UI's one door to the plugin's admin routes: galleryApi bound to this component's
 * fetch client (which aborts its requests on unmount). The same object for the component's life,
 * so a function of it can sit in an effect's dependencies.
 */
export function useGalleryApi(): GalleryApi {
  const client = useFetchClient();
  return useMemo(() => galleryApi(client), [client]);
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
