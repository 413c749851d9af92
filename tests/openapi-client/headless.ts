/**
 * A headless client of the public share API, written only against what the served document says:
 * tests/api/openapi-client.test.ts generates `share-api.d.ts` from GET /api/share-api/openapi.json
 * with openapi-typescript, type-checks this file against it (it is left out of tests/tsconfig.json,
 * since the types exist only once a test made them), then compiles and runs it with openapi-fetch.
 */
import createClient from 'openapi-fetch';
import type { components, paths } from '../.artifacts/openapi-client/share-api';
import type {
  DownloadManager,
  DownloadPackage,
  ImagePairing,
  LinkCapabilities,
  PackageProgress,
  PortalGallery,
  PublicComment,
  PublicComments,
  PublicGallery,
  PublicImage,
  PublicReview,
  PublicReviewMark,
  PublicRound,
  PublicSelection,
} from '../../src/plugins/client-gallery/shared/public-api';

type Schemas = components['schemas'];

/**
 * Compiles only when a schema of the document and the shared type the server's answers are built
 * from accept the same values, each assignable to the other: the document cannot drift from them.
 */
function sameShape<Documented, Shared>(toShared: (value: Documented) => Shared, toDocumented: (value: Shared) => Documented) {
  return [toShared, toDocumented];
}
sameShape<Schemas['PublicGallery'], PublicGallery>((v) => v, (v) => v);
sameShape<Schemas['LinkCapabilities'], LinkCapabilities>((v) => v, (v) => v);
sameShape<Schemas['LinkSettings'], LinkCapabilities['settings']>((v) => v, (v) => v);
sameShape<Schemas['PublicImage'], PublicImage>((v) => v, (v) => v);
sameShape<Schemas['ImagePairing'], ImagePairing>((v) => v, (v) => v);
sameShape<Schemas['Selection'], PublicSelection>((v) => v, (v) => v);
sameShape<Schemas['Round'], PublicRound>((v) => v, (v) => v);
sameShape<Schemas['Comment'], PublicComment>((v) => v, (v) => v);
sameShape<Schemas['Comments'], PublicComments>((v) => v, (v) => v);
sameShape<Schemas['ReviewMark'], PublicReviewMark>((v) => v, (v) => v);
sameShape<Schemas['Review'], PublicReview>((v) => v, (v) => v);
sameShape<Schemas['DownloadManager'], DownloadManager>((v) => v, (v) => v);
sameShape<Schemas['DownloadPackage'], DownloadPackage>((v) => v, (v) => v);
sameShape<Schemas['PackageProgress'], PackageProgress>((v) => v, (v) => v);
sameShape<Schemas['PortalGallery'], PortalGallery>((v) => v, (v) => v);

type Client = ReturnType<typeof createClient<paths>>;

/** Never called: proves the generated types bind, so a call the document does not allow fails to compile. */
export function refusedAtCompileTime(client: Client) {
  // @ts-expect-error {token} is a required path parameter.
  void client.GET('/api/share/{token}', {});
  // @ts-expect-error limit is an integer.
  void client.GET('/api/share/{token}/images', { params: { path: { token: 't' }, query: { limit: 'ten' } } });
  // @ts-expect-error a package is ordered at a resolution the API knows.
  void client.POST('/api/share/{token}/packages', { params: { path: { token: 't' } }, body: { resolution: 'huge' } });
}

/** The `data` of a documented success, or an error naming the status and the documented error body. */
function must<T>(result: { data?: { data: T }; error?: unknown; response: Response }): T {
  if (result.data === undefined) throw new Error(`${result.response.url}: ${result.response.status} ${JSON.stringify(result.error)}`);
  return result.data.data;
}

/**
 * Open a password-protected link: refused, then unlocked with its password. Then every photo,
 * page by page, and the first marked a favourite, which the favourites filter then lists.
 */
export async function openAndFavourite(baseUrl: string, token: string, password: string) {
  const client = createClient<paths>({ baseUrl });
  const path = { token };
  const refused = await client.GET('/api/share/{token}', { params: { path } });
  const unlock = must(await client.POST('/api/share/{token}/unlock', { params: { path }, body: { password } }));
  // The answer names the header that carries the unlock; the document types it as that literal.
  const header = { [unlock.header]: unlock.unlockToken };
  const gallery = must(await client.GET('/api/share/{token}', { params: { path, header } }));

  const images: Schemas['PublicImage'][] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await client.GET('/api/share/{token}/images', { params: { path, header, query: { limit: 2, ...(cursor ? { cursor } : {}) } } });
    if (!page.data) throw new Error(`images: ${page.response.status}`);
    images.push(...page.data.data);
    cursor = page.data.meta.nextCursor ?? undefined;
    pages += 1;
  } while (cursor && pages < 10);

  const marked = must(await client.PUT('/api/share/{token}/favourites/{imageId}', { params: { path: { token, imageId: images[0].id }, header } }));
  const favourites = await client.GET('/api/share/{token}/images', { params: { path, header, query: { favourites: 'true' } } });
  return {
    refused: { status: refused.response.status, name: refused.error?.error.name },
    unlockToken: unlock.unlockToken,
    gallery: { title: gallery.title, status: gallery.status, canFavourite: gallery.link.can.favourite },
    pages,
    imageIds: images.map((image) => image.id),
    marked,
    favouriteIds: (favourites.data?.data ?? []).map((image) => image.id),
  };
}

/** Order a zip of some photos, follow its preparation, and download it. */
export async function orderZip(baseUrl: string, token: string, unlockToken: string, imageIds: string[]) {
  const client = createClient<paths>({ baseUrl });
  const ordered = await client.POST('/api/share/{token}/packages', {
    params: { path: { token }, header: { 'X-Share-Unlock': unlockToken } },
    body: { resolution: 'web', imageIds },
  });
  const order = must(ordered);
  if (!order.downloadUrl) throw new Error('an ordered package has a download URL');
  const packageToken = decodeURIComponent(new URL(order.downloadUrl).pathname.split('/').pop()!);

  let progress = must(await client.GET('/api/packages/{packageToken}/status', { params: { path: { packageToken } } }));
  for (let polls = 0; progress.status === 'preparing' && polls < 200; polls += 1) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    progress = must(await client.GET('/api/packages/{packageToken}/status', { params: { path: { packageToken } } }));
  }
  const zip = await client.GET('/api/packages/{packageToken}', { params: { path: { packageToken } }, parseAs: 'arrayBuffer' });
  const bytes = zip.data ? new Uint8Array(zip.data) : new Uint8Array();
  return {
    ordered: { status: ordered.response.status, state: order.status, imageCount: order.imageCount, resolution: order.resolution },
    progress: { status: progress.status, prepared: progress.prepared, total: progress.total, bytes: progress.bytes },
    zip: { status: zip.response.status, type: zip.response.headers.get('content-type'), length: bytes.byteLength, magic: String.fromCharCode(...bytes.subarray(0, 2)) },
  };
}
