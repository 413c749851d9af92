/**
 * The public share API and the portal API, as any headless client would call them. Unlock
 * credentials travel as the HttpOnly cookie the server sets (same origin), never in JS.
 * The response shapes are the server's own (shared/public-api.ts).
 */
import type { ClientReviewDecision, DownloadManager, DownloadPackage, PackageProgress, PublicComments, PublicGallery, PublicImage, PublicReview, PublicRound, PublicSelection } from '../../shared/public-api';
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly name: string,
    message: string,
    readonly details: Record<string, any> = {},
    readonly retryAfter: number | null = null,
  ) {
    super(message);
  }
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined | null>;
  bearer?: string | null;
}

export async function request<T = any>(path: string, options: RequestOptions = {}): Promise<{ status: number; body: T }> {
  const url = new URL(path, window.location.origin);
  for (const [key, value] of Object.entries(options.query ?? {})) {
    if (value !== undefined && value !== null && value !== '') url.searchParams.set(key, String(value));
  }
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (options.bearer) headers.Authorization = `Bearer ${options.bearer}`;
  let response: Response;
  try {
    response = await fetch(url.toString(), {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch {
    throw new ApiError(0, 'NetworkError', 'We could not reach the server. Check your connection and try again.');
  }
  const text = await response.text();
  let body: any = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (!response.ok) {
    const error = body?.error ?? {};
    const retryAfter = Number(response.headers.get('Retry-After') ?? error.details?.retryAfterSeconds);
    throw new ApiError(response.status, error.name ?? 'HttpError', error.message ?? response.statusText, error.details ?? {}, Number.isFinite(retryAfter) ? retryAfter : null);
  }
  return { status: response.status, body: body as T };
}

/** Calls on one share link: `/api/share/:token/...`. */
export function shareApi(token: string) {
  const base = `/api/share/${encodeURIComponent(token)}`;
  return {
    base,
    view: () => request<{ data: PublicGallery }>(base),
    unlock: (password: string) => request(`${base}/unlock`, { method: 'POST', body: { password } }),
    requestSignIn: () => request<{ data: { emailed: boolean } }>(`${base}/sign-in-link`, { method: 'POST' }),
    signIn: (ticket: string) => request(`${base}/sign-in`, { method: 'POST', body: { ticket } }),
    images: (query: { cursor?: string | null; limit?: number; label?: string | null; favourites?: boolean; selected?: boolean; commented?: boolean }) =>
      request<{ data: PublicImage[]; meta: { nextCursor: string | null } }>(`${base}/images`, {
        query: {
          cursor: query.cursor,
          limit: query.limit,
          label: query.label,
          favourites: query.favourites ? 'true' : undefined,
          selected: query.selected ? 'true' : undefined,
          commented: query.commented ? 'true' : undefined,
        },
      }),
    favourite: (imageId: string, on: boolean) => request(`${base}/favourites/${encodeURIComponent(imageId)}`, { method: on ? 'PUT' : 'DELETE' }),
    claim: (email: string) => request<{ data: { token: string | null; emailed: boolean } }>(`${base}/claim`, { method: 'POST', body: { email } }),
    downloads: () => request<{ data: DownloadManager }>(`${base}/downloads`),
    addDownloads: (imageIds: string[]) => request<{ data: DownloadManager }>(`${base}/downloads`, { method: 'POST', body: { imageIds } }),
    removeDownload: (imageId: string) => request<{ data: DownloadManager }>(`${base}/downloads/${encodeURIComponent(imageId)}`, { method: 'DELETE' }),
    downloadUrl: (imageId: string, resolution: string) => `${base}/images/${encodeURIComponent(imageId)}/download?resolution=${encodeURIComponent(resolution)}`,
    selection: () => request<{ data: PublicSelection }>(`${base}/selection`),
    select: (imageId: string, on: boolean) => request(`${base}/selection/${encodeURIComponent(imageId)}`, { method: on ? 'PUT' : 'DELETE' }),
    confirmSelection: () => request<{ data: PublicRound }>(`${base}/selection/confirm`, { method: 'POST' }),
    comments: (imageId: string | null) => request<{ data: PublicComments }>(imageId ? `${base}/images/${encodeURIComponent(imageId)}/comments` : `${base}/comments`),
    comment: (imageId: string | null, body: string) =>
      request(imageId ? `${base}/images/${encodeURIComponent(imageId)}/comments` : `${base}/comments`, { method: 'POST', body: { body } }),
    review: () => request<{ data: PublicReview }>(`${base}/review`),
    mark: (imageId: string, decision: ClientReviewDecision, note?: string) =>
      request(`${base}/images/${encodeURIComponent(imageId)}/review`, { method: 'PUT', body: note ? { decision, note } : { decision } }),
    package: (resolution: string, imageIds?: string[]) => request<{ data: DownloadPackage }>(`${base}/packages`, { method: 'POST', body: { resolution, ...(imageIds ? { imageIds } : {}) } }),
    /** The package's own URL is its capability; progress is read on this origin, whatever the mailed base URL. */
    packageProgress: (statusUrl: string) => request<{ data: PackageProgress }>(new URL(statusUrl).pathname),
  };
}

export type { ClientReviewDecision, DownloadManager, DownloadPackage, PackageProgress, PortalGallery, PublicComment, PublicComments, PublicGallery, PublicImage, PublicReview, PublicRound, PublicSelection, Resolution } from '../../shared/public-api';
