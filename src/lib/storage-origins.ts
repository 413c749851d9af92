/**
 * Gallery files are served from the signed /media route (same origin) or, with UPLOAD_PROVIDER=s3,
 * as presigned URLs on the S3 endpoint: every CSP that shows photos (the admin panel's, the public
 * pages') must allow images from there.
 */
export type EnvReader = (key: string, fallback?: string) => string | undefined;

export function storageOrigins(env: EnvReader): string[] {
  if (env('UPLOAD_PROVIDER', 'private-local') !== 's3') return [];
  const endpoint = env('S3_ENDPOINT');
  const bucket = env('S3_BUCKET');
  const region = env('S3_REGION', 'us-east-1');
  if (endpoint) return [new URL(endpoint).origin];
  return bucket ? [`https://${bucket}.s3.${region}.amazonaws.com`, `https://${bucket}.s3.amazonaws.com`] : [];
}

export const processEnv: EnvReader = (key, fallback) => {
  const value = process.env[key];
  return value === undefined || value === '' ? fallback : value;
};
