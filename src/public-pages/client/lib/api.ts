/**
 * The public share API and the portal API, as any headless client would call them. Unlock
 * credentials travel as the HttpOnly cookie the server sets (same origin), never in JS.
 */
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
    images: (query: { cursor?: string | null; limit?: number; label?: string | null; favourites?: boolean }) =>
      request<{ data: PublicImage[]; meta: { nextCursor: string | null } }>(`${base}/images`, {
        query: { cursor: query.cursor, limit: query.limit, label: query.label, favourites: query.favourites ? 'true' : undefined },
      }),
    favourite: (imageId: string, on: boolean) => request(`${base}/favourites/${encodeURIComponent(imageId)}`, { method: on ? 'PUT' : 'DELETE' }),
    claim: (email: string) => request<{ data: { created: boolean; token: string | null; emailed: boolean } }>(`${base}/claim`, { method: 'POST', body: { email } }),
    downloads: () => request<{ data: DownloadManager }>(`${base}/downloads`),
    addDownloads: (imageIds: string[]) => request<{ data: DownloadManager }>(`${base}/downloads`, { method: 'POST', body: { imageIds } }),
    removeDownload: (imageId: string) => request<{ data: DownloadManager }>(`${base}/downloads/${encodeURIComponent(imageId)}`, { method: 'DELETE' }),
    downloadUrl: (imageId: string, resolution: string) => `${base}/images/${encodeURIComponent(imageId)}/download?resolution=${encodeURIComponent(resolution)}`,
    package: (resolution: string, imageIds?: string[]) => request<{ data: DownloadPackage }>(`${base}/packages`, { method: 'POST', body: { resolution, ...(imageIds ? { imageIds } : {}) } }),
  };
}

export type Resolution = 'web' | 'high' | 'original';

export interface PublicGallery {
  id: string;
  title: string;
  status: 'proofing' | 'locked' | 'ready' | 'archived';
  welcomeNote: string | null;
  deadline: string | null;
  shootDate: string | null;
  cover: { thumbUrl: string | null; previewUrl: string | null } | null;
  selection: { min: number | null; max: number | null } | null;
  commentsAllowed: boolean;
  filtersEnabled: boolean;
  link: {
    kind: 'general' | 'private';
    can: { view: boolean; favourite: boolean; select: boolean; comment: boolean; download: boolean; claim: boolean };
    settings: { watermark: boolean; downloadsEnabled: boolean; resolutions: Resolution[]; downloadsWatermarked: boolean; expiresAt: string | null; passwordProtected: boolean };
    downloads: { limit: number | null; used: number; remaining: number | null };
  };
}

export interface PublicImage {
  id: string;
  takenAt: string;
  label: string | null;
  width: number | null;
  height: number | null;
  thumbUrl: string | null;
  previewUrl: string | null;
  watermarked: boolean;
  expiresAt: string;
  favourite: boolean;
  downloaded: boolean;
}

export interface DownloadManager {
  limit: number | null;
  used: number;
  remaining: number | null;
  resolutions: Resolution[];
  watermarked: boolean;
  items: { imageId: string; label: string | null; state: 'queued' | 'granted' | 'downloaded'; removable: boolean; downloadedAt: string | null }[];
}

export interface DownloadPackage {
  id: string;
  status: 'preparing' | 'ready' | 'failed' | 'expired';
  resolution: Resolution;
  imageCount: number;
  expiresAt: string;
  downloadUrl: string | null;
}

export interface PortalGallery {
  id: string;
  title: string;
  status: string;
  available: boolean;
  passwordProtected: boolean;
  coverThumbUrl: string | null;
  client: { name: string } | null;
  shootDate: string | null;
  deadline: string | null;
  open: { method: 'POST'; path: string } | null;
}
