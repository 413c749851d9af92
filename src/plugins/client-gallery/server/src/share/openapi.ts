/**
 * The OpenAPI 3.1 document of the public share API, for headless clients as much as for the
 * pages: links, images, favourites, selection, comments, review, downloads, packages and the
 * portal. Served at GET /api/share-api/openapi.json. tests/api/openapi.test.ts checks it against
 * the router (every route documented, nothing documented that is not routed), the documented
 * status codes against the running server, and lints it with Redocly's recommended rules;
 * tests/api/openapi-client.test.ts generates a typed client from it and drives the server with it.
 */
import { array, commentText, object, ref, resolution, SCHEMAS, string, type Schema } from './openapi-schemas';

const data = (schema: Schema): Schema => object({ data: schema });
const json = (schema: Schema) => ({ content: { 'application/json': { schema } } });
const error = (description: string) => ({ description, ...json(ref('Error')) });

/**
 * The share and package operations' security: no scheme, said outright. The token in the path is
 * the capability, and OpenAPI cannot make a path parameter a scheme; info.description and the
 * token parameters tell clients so.
 */
const CAPABILITY_IN_PATH: unknown[] = [];

const TOKEN = {
  name: 'token',
  in: 'path',
  required: true,
  description:
    'The capability: the share link token (43 characters), or a signed access token standing in for one. Whoever holds it may do what the link allows; keep it as secret as a password.',
  schema: string,
};
const IMAGE_ID = { name: 'imageId', in: 'path', required: true, description: 'A photo of this link’s gallery (its documentId).', schema: string };
const PACKAGE_TOKEN = {
  name: 'packageToken',
  in: 'path',
  required: true,
  description: 'The capability for one package: signed and bound to its link, from downloadUrl in the answer to POST /api/share/{token}/packages.',
  schema: string,
};
const UNLOCK = {
  name: 'X-Share-Unlock',
  in: 'header',
  required: false,
  description: 'The unlockToken from POST /unlock or /sign-in, for a password-protected link (also taken as `Authorization: Bearer <unlockToken>`; pages send the cookie instead).',
  schema: string,
};

/** The refusals every link route shares (share-access decides them). */
const LINK_REFUSALS = {
  401: error('PasswordRequiredError: the link has a password and the request carries no valid unlock.'),
  403: error('GalleryUnavailableError (unpublished), ActionNotAllowedError (status or settings), or ClaimRequiredError (a general link must claim first).'),
  404: error('Unknown, expired or revoked link, or a photo outside the gallery: always the same answer.'),
};

interface Operation {
  operationId: string;
  summary: string;
  tags: string[];
  parameters?: unknown[];
  requestBody?: unknown;
  responses: Record<string, unknown>;
  security: unknown[];
}

/**
 * A link operation: the token and unlock parameters come first, then the route's own.
 * `without` drops shared refusals the route never answers (its own 401 or 403 replaces them, or
 * none applies).
 */
function op(
  operationId: string,
  summary: string,
  tag: string,
  responses: Record<string, unknown>,
  extra: Pick<Partial<Operation>, 'parameters' | 'requestBody'> & { without?: (keyof typeof LINK_REFUSALS)[] } = {},
): Operation {
  const { without = [], parameters = [], ...rest } = extra;
  const refusals = Object.fromEntries(Object.entries(LINK_REFUSALS).filter(([status]) => !without.includes(Number(status) as keyof typeof LINK_REFUSALS)));
  return {
    operationId,
    summary,
    tags: [tag],
    security: CAPABILITY_IN_PATH,
    ...rest,
    parameters: [TOKEN, UNLOCK, ...parameters],
    responses: { ...refusals, ...responses },
  };
}
const ok = (description: string, schema: Schema) => ({ description, ...json(data(schema)) });
const body = (schema: Schema) => ({ required: true, ...json(schema) });
const conflict = (description: string) => error(description);
const badRequest = error('ValidationError: the body, query or parameters are not as documented.');
/** A visitor write past its cap per link and window (config visitorWrites, docs/hostile-input.md). */
const writeLimit = error('TooManyAttemptsError: this link wrote its allowance for the window (visitorWrites); Retry-After says when to try again.');
const query = (name: string, schema: Schema, description?: string) => ({ name, in: 'query', required: false, schema, ...(description ? { description } : {}) });
/** A yes/no filter of the images list. */
const flag: Schema = { type: 'string', enum: ['true', 'false', '1', '0'] };
const zip = (description: string) => ({ description, content: { 'application/zip': { schema: { type: 'string', contentMediaType: 'application/zip' } } } });
const portalRefusals = {
  401: error('A bad or expired account token (while email confirmation is on, also an unconfirmed account’s)'),
  403: error('No account token, or EmailNotConfirmedError (an unconfirmed account where the host does not require confirmation)'),
};

export const PUBLIC_API_DOCUMENT = {
  openapi: '3.1.0',
  info: {
    title: 'Client Galleries: public share API',
    version: '1',
    description:
      'No Strapi account: the token in the path is the capability. A share link token (or a signed access token standing in for one) opens /api/share/{token} and its routes; a package token opens its zip. These operations declare no security scheme (`security: []`), since OpenAPI has none for a path parameter: holding the token is the authorization, and a password-protected link also wants the X-Share-Unlock header (or the cookie pages get). Only the portal uses a scheme, a users-permissions JWT. Pages and headless clients use the same routes. Errors are `{data: null, error: {status, name, message, details}}`.',
  },
  servers: [{ url: '/' }],
  paths: {
    '/api/share/{token}': { get: op('getGallery', 'The gallery of this link and what the link may do', 'links', { 200: ok('The gallery', ref('PublicGallery')) }) },
    '/api/share/{token}/unlock': {
      post: op(
        'unlockLink',
        'Unlock a password-protected link: sets an HttpOnly cookie and returns a bearer token',
        'links',
        {
          200: ok('Unlocked', ref('Unlock')),
          400: badRequest,
          401: error('WrongPasswordError'),
          429: error('TooManyAttemptsError (Retry-After)'),
        },
        { without: [403], requestBody: body({ ...object({ password: string }), additionalProperties: false }) },
      ),
    },
    '/api/share/{token}/sign-in-link': {
      post: op(
        'requestSignInLink',
        'Mail a one-time sign-in link to a private link’s recipient',
        'links',
        {
          202: ok('Mailed (or silently not, to protect the address)', object({ emailed: { const: true } })),
          403: error('ActionNotAllowedError: not a private link with a recipient and a password'),
          429: error('Too many sign-in mails'),
        },
        { without: [401] },
      ),
    },
    '/api/share/{token}/sign-in': {
      post: op(
        'signIn',
        'Exchange a mailed sign-in ticket for an unlock, once',
        'links',
        {
          200: ok('Unlocked', ref('Unlock')),
          400: badRequest,
          401: error('SignInLinkInvalidError: used, expired, replaced or not for this link'),
          429: error('TooManyAttemptsError (Retry-After)'),
        },
        { without: [403], requestBody: body({ ...object({ ticket: string }), additionalProperties: false }) },
      ),
    },
    '/api/share/{token}/images': {
      get: op(
        'listImages',
        'A keyset page of the gallery’s photos with short-lived signed URLs',
        'images',
        {
          200: {
            description: 'A page',
            ...json(object({ data: array(ref('PublicImage')), meta: object({ nextCursor: { type: ['string', 'null'], description: 'The cursor of the next page; null on the last.' } }) })),
          },
          400: badRequest,
        },
        {
          parameters: [
            query('cursor', { type: 'string', maxLength: 200 }, 'meta.nextCursor of the previous page'),
            query('limit', { type: 'integer', minimum: 1, maximum: 100, default: 30 }),
            query('label', { type: 'string', minLength: 1, maxLength: 120 }),
            query('favourites', flag, 'Only this link’s favourites'),
            query('selected', flag, 'Only this link’s selection'),
            query('commented', flag, 'Only the photos this link commented on'),
          ],
        },
      ),
    },
    '/api/share/{token}/claim': {
      post: op(
        'claimLink',
        'General links: get (or be mailed) one’s own private link. The answer never says whether the address already had a link.',
        'links',
        {
          201: ok(
            'share.claimVerification off: a private link for this browser, for a new address and a known one alike (a known address is mailed a way in to its own link)',
            object({ token: string, emailed: { const: true } }),
          ),
          202: ok(
            'share.claimVerification on: the private link (or, for a known address, a way in) was mailed; the browser gets no token',
            object({ token: { type: 'null' }, emailed: { const: true } }),
          ),
          400: badRequest,
          409: conflict('NotAGeneralLink'),
          429: error('Too many claims'),
        },
        { requestBody: body({ ...object({ email: { type: 'string', format: 'email' } }), additionalProperties: false }) },
      ),
    },
    '/api/share/{token}/favourites/{imageId}': {
      put: op('addFavourite', 'Mark a favourite (idempotent)', 'favourites', { 200: ok('Marked', ref('FavouriteChange')), 429: writeLimit }, { parameters: [IMAGE_ID] }),
      delete: op('removeFavourite', 'Remove a favourite (idempotent)', 'favourites', { 200: ok('Removed', ref('FavouriteChange')), 429: writeLimit }, { parameters: [IMAGE_ID] }),
    },
    '/api/share/{token}/selection': {
      get: op('getSelection', 'The selection: items, count, min, max, round, confirmedAt (read-only in every status)', 'selection', {
        200: ok('The selection', ref('Selection')),
      }),
    },
    '/api/share/{token}/selection/{imageId}': {
      put: op(
        'selectImage',
        'Add a photo to the selection (idempotent; max enforced atomically)',
        'selection',
        { 200: ok('Selected', ref('SelectionChange')), 409: conflict('SelectionFull {max, count} or SelectionConfirmed {round}'), 429: writeLimit },
        { parameters: [IMAGE_ID] },
      ),
      delete: op(
        'unselectImage',
        'Remove a photo from the selection (idempotent)',
        'selection',
        { 200: ok('Unselected', ref('SelectionChange')), 409: conflict('SelectionConfirmed {round}'), 429: writeLimit },
        { parameters: [IMAGE_ID] },
      ),
    },
    '/api/share/{token}/selection/confirm': {
      post: op('confirmSelection', 'Freeze the selection as round N; changes answer 409 until the studio reopens', 'selection', {
        201: ok('The confirmed round', ref('Round')),
        409: conflict('SelectionTooSmall {min, count}, SelectionFull (max lowered), or SelectionConfirmed {round}'),
      }),
    },
    '/api/share/{token}/selection/rounds': {
      get: op('listSelectionRounds', 'The confirmed rounds, newest first', 'selection', { 200: ok('Rounds', array(ref('Round'))) }),
    },
    '/api/share/{token}/comments': {
      get: op('listGalleryComments', 'The gallery’s comment thread of this link', 'comments', { 200: ok('The thread', ref('Comments')) }),
      post: op(
        'commentOnGallery',
        'Comment on the gallery (plain text)',
        'comments',
        { 201: ok('The comment', ref('Comment')), 400: badRequest, 429: writeLimit },
        { requestBody: body(ref('CommentInput')) },
      ),
    },
    '/api/share/{token}/images/{imageId}/comments': {
      get: op('listImageComments', 'A photo’s comment thread of this link', 'comments', { 200: ok('The thread', ref('Comments')) }, { parameters: [IMAGE_ID] }),
      post: op(
        'commentOnImage',
        'Comment on a photo (plain text)',
        'comments',
        { 201: ok('The comment', ref('Comment')), 400: badRequest, 429: writeLimit },
        { parameters: [IMAGE_ID], requestBody: body(ref('CommentInput')) },
      ),
    },
    '/api/share/{token}/review': { get: op('getReview', 'This link’s review marks (advanced review)', 'review', { 200: ok('Marks', ref('Review')) }) },
    '/api/share/{token}/images/{imageId}/review': {
      put: op(
        'markReview',
        'Approve a photo, or request changes with a note',
        'review',
        { 200: ok('The mark', ref('ReviewMark')), 400: badRequest, 429: writeLimit },
        {
          parameters: [IMAGE_ID],
          requestBody: body({
            oneOf: [
              { ...object({ decision: { const: 'approved' }, note: { type: ['string', 'null'], maxLength: commentText.maxLength } }, ['note']), additionalProperties: false },
              { ...object({ decision: { const: 'changes-requested' }, note: commentText }), additionalProperties: false },
            ],
          }),
        },
      ),
    },
    '/api/share/{token}/downloads': {
      get: op('getDownloadManager', 'The download manager: limit, used, remaining, items', 'downloads', { 200: ok('The manager', ref('DownloadManager')) }),
      post: op(
        'addToDownloadManager',
        'Add photos to the download manager',
        'downloads',
        { 200: ok('The manager', ref('DownloadManager')), 400: badRequest, 429: writeLimit },
        { requestBody: body({ ...object({ imageIds: { ...array(string), minItems: 1, maxItems: 1000 } }), additionalProperties: false }) },
      ),
    },
    '/api/share/{token}/downloads/{imageId}': {
      delete: op(
        'removeFromDownloadManager',
        'Remove a photo from the download manager',
        'downloads',
        { 200: ok('The manager', ref('DownloadManager')), 409: conflict('AlreadyDownloaded'), 429: writeLimit },
        { parameters: [IMAGE_ID] },
      ),
    },
    '/api/share/{token}/images/{imageId}/download': {
      get: op(
        'downloadImage',
        'One file at a resolution the link offers, counted once per photo (Range, If-Range, ETag); watermarked exactly when link.settings.downloadsWatermarked',
        'downloads',
        { 200: { description: 'The file' }, 206: { description: 'A byte range' }, 400: badRequest },
        { parameters: [IMAGE_ID, { name: 'resolution', in: 'query', required: true, schema: resolution }] },
      ),
    },
    '/api/share/{token}/packages': {
      post: op(
        'orderPackage',
        'Take the grants atomically and prepare a zip (its files watermarked exactly when link.settings.downloadsWatermarked); its link is mailed too',
        'packages',
        { 202: ok('Preparing', ref('DownloadPackage')), 400: badRequest, 429: writeLimit },
        {
          requestBody: body({
            ...object({ resolution, imageIds: { ...array(string), minItems: 1, maxItems: 10000, description: 'Omitted: the whole gallery' } }, ['imageIds']),
            additionalProperties: false,
          }),
        },
      ),
    },
    '/api/packages/{packageToken}': {
      get: {
        operationId: 'downloadPackage',
        summary: 'The zip: exact Content-Length, strong ETag, Range and If-Range (resumable); HEAD does no work',
        tags: ['packages'],
        security: CAPABILITY_IN_PATH,
        parameters: [
          PACKAGE_TOKEN,
          { name: 'Range', in: 'header', required: false, description: 'One byte range, e.g. bytes=1000- to resume', schema: string },
          { name: 'If-Range', in: 'header', required: false, description: 'The ETag the first part came with: a stale one gets the whole zip', schema: string },
        ],
        responses: {
          200: zip('The whole zip'),
          206: zip('Exactly the bytes asked for'),
          403: error('The link no longer allows this download (locked, downloads off, resolution withdrawn)'),
          404: error('Unknown, tampered, expired or revoked'),
          409: conflict('Still being prepared: details {status, prepared, total}. Also while a zip frozen under another download watermark setting is made again'),
          410: error('Preparing the package failed: order it again, which costs nothing (details {status: failed, reorderFree: true})'),
          416: { description: 'The range starts past the end (Content-Range: bytes */length)' },
        },
      },
    },
    '/api/packages/{packageToken}/status': {
      get: {
        operationId: 'getPackageStatus',
        summary: 'Preparation progress ("Preparing 120 of 460"), then the zip’s exact size',
        tags: ['packages'],
        security: CAPABILITY_IN_PATH,
        parameters: [PACKAGE_TOKEN],
        responses: {
          200: ok('Progress', ref('PackageProgress')),
          403: error('The link no longer allows this download'),
          404: error('Unknown, tampered, expired or revoked'),
        },
      },
    },
    '/api/portal/galleries': {
      get: {
        operationId: 'listPortalGalleries',
        summary: 'A portal account’s galleries (users-permissions JWT)',
        tags: ['portal'],
        security: [{ bearer: [] }],
        responses: { 200: ok('Galleries', array(ref('PortalGallery'))), ...portalRefusals },
      },
    },
    '/api/portal/galleries/{id}/open': {
      post: {
        operationId: 'openPortalGallery',
        summary: 'A short-lived access token for the account’s private link to this gallery',
        tags: ['portal'],
        security: [{ bearer: [] }],
        parameters: [{ name: 'id', in: 'path', required: true, description: 'The gallery (its documentId), as listed', schema: string }],
        responses: { 200: ok('Opened', ref('PortalOpen')), ...portalRefusals, 404: error('Not shared with this account') },
      },
    },
    '/api/share-api/openapi.json': {
      get: {
        operationId: 'getOpenApiDocument',
        summary: 'This document',
        tags: ['meta'],
        // Public: it describes the API and grants nothing.
        security: [],
        responses: { 200: { description: 'OpenAPI 3.1', ...json({ type: 'object' }) } },
      },
    },
  },
  components: {
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'A users-permissions account token (the client portal only)' } },
    schemas: SCHEMAS,
  },
} as const;
