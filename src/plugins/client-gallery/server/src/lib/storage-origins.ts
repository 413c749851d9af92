/**
 * Where photos come from, for a Content-Security-Policy: the signed /media route (same origin)
 * or, with the S3 provider, its endpoint (or the bucket's AWS host). Read from the upload
 * plugin's own config, so the plugin follows whatever provider its host set up.
 */
export interface UploadProviderConfig {
  provider?: string;
  providerOptions?: { baseUrl?: string; s3Options?: { endpoint?: string; region?: string; params?: { Bucket?: string } } };
}

export function storageOrigins(upload: UploadProviderConfig | undefined): string[] {
  if (!upload || !/aws-s3$/.test(String(upload.provider ?? ''))) return [];
  const s3 = upload.providerOptions?.s3Options ?? {};
  if (s3.endpoint) return [new URL(s3.endpoint).origin];
  const bucket = s3.params?.Bucket;
  const region = s3.region ?? 'us-east-1';
  return bucket ? [`https://${bucket}.s3.${region}.amazonaws.com`, `https://${bucket}.s3.amazonaws.com`] : [];
}
