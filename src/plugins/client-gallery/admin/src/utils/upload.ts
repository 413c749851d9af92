import { useAuth } from '@strapi/strapi/admin';
import { useCallback } from 'react';
import type { UploadResponse } from '../../../shared/contracts';
import { PLUGIN_ID } from '../../../shared/permissions';
import { adminUrl } from './api';

export interface UploadRequest {
  /** Resolves with the server's answer; rejects with an Error carrying the server's message, or an AbortError. */
  done: Promise<UploadResponse>;
  abort(): void;
}

/** Thrown (as the rejection) when the user cancels a file. */
export class UploadCancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'AbortError';
  }
}

/**
 * One photo to a client, by XMLHttpRequest: fetch has no upload progress, and the per-file bars
 * need it. The request carries the admin's token exactly as the fetch client's do.
 */
export function useUploader() {
  const token = useAuth('ClientGallery', (auth) => auth.token);
  return useCallback(
    (clientDocumentId: string, file: File, label: string | undefined, onProgress: (fraction: number) => void): UploadRequest => {
      const xhr = new XMLHttpRequest();
      const done = new Promise<UploadResponse>((resolve, reject) => {
        const form = new FormData();
        form.append('files', file, file.name);
        if (label) form.append('label', label);
        xhr.open('POST', adminUrl(`/${PLUGIN_ID}/clients/${clientDocumentId}/images`));
        xhr.withCredentials = true;
        xhr.setRequestHeader('Authorization', `Bearer ${token}`);
        xhr.setRequestHeader('Accept', 'application/json');
        xhr.responseType = 'json';
        xhr.upload.onprogress = (event) => event.lengthComputable && onProgress(event.loaded / event.total);
        xhr.onload = () => {
          const body = xhr.response as (UploadResponse & { error?: { message?: string } }) | null;
          if (xhr.status >= 200 && xhr.status < 300 && body) resolve(body);
          else reject(new Error(body?.error?.message ?? `HTTP ${xhr.status}`));
        };
        xhr.onerror = () => reject(new Error('network'));
        xhr.onabort = () => reject(new UploadCancelled());
        xhr.send(form);
      });
      return { done, abort: () => xhr.abort() };
    },
    [token],
  );
}
