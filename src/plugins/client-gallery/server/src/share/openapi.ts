/**
 * The OpenAPI 3.1 document of the public share API (headless parity): links, images,
 * favourites, selection, comments, review, downloads, packages and the portal. Served at
 * GET /api/share-api/openapi.json; tests/api/openapi.test.ts checks it against the router (every
 * route documented, nothing documented that is not routed) and the documented status codes
 * against the running server, so the document cannot drift.
 */
import { ref, resolution, SCHEMAS, text, type Schema } from './openapi-schemas';

const data = (schema: Schema): Schema => ({ type: 'object', required: ['data'], properties: { data: schema } });
const json = (schema: Schema) => ({ content: { 'application/json': { schema } } });
const error = (description: string) => ({ description, ...json(ref('Error')) });

const TOKEN = {
  name: 'token',
  in: 'path',
  required: true,
  description: 'The share link token (43 characters), or a signed access token standing in for one.',
  schema: { type: 'string' },
};
const IMAGE_ID = { name: 'imageId', in: 'path', required: true, description: 'A photo of this link’s gallery (its documentId).', schema: { type: 'string' } };
const UNLOCK = {
  name: 'X-Share-Unlock',
  in: 'header',
  required: false,
  description: 'The unlockToken from POST /unlock (pages send the cookie instead).',
  schema: { type: 'string' },
};

/** The refusals every link route shares (share-access decides them). */
const LINK_REFUSALS = {
  401: error('PasswordRequiredError: the link has a password and the request carries no valid unlock.'),
  403: error('GalleryUnavailableError (unpublished), ActionNotAllowedError (status or settings), or ClaimRequiredError (a general link must claim first).'),
  404: error('Unknown, expired or revoked link, or a photo outside the gallery: always the same answer.'),
};

interface Operation {
  summary: string;
  tags: string[];
  parameters?: unknown[];
  requestBody?: unknown;
  responses: Record<string, unknown>;
  security?: unknown[];
}

/** A link operation. `without` drops shared refusals the route never answers (its own 401 or 403 replaces them, or none applies). */
function op(
  summary: string,
  tag: string,
  responses: Record<string, unknown>,
  extra: Partial<Operation> & { without?: (keyof typeof LINK_REFUSALS)[] } = {},
): Operation {
  const { without = [], ...rest } = extra;
  const refusals = Object.fromEntries(Object.entries(LINK_REFUSALS).filter(([status]) => !without.includes(Number(status) as keyof typeof LINK_REFUSALS)));
  return {
    summary,
    tags: [tag],
    parameters: [TOKEN, UNLOCK, ...(rest.parameters ?? [])],
    ...rest,
    responses: { ...refusals, ...responses, ...(rest.responses ?? {}) },
  };
}
const ok = (description: string, schema: Schema) => ({ description, ...json(data(schema)) });
const body = (schema: Schema) => ({ required: true, ...json(schema) });
const conflict = (description: string) => error(description);
const badRequest = error('ValidationError: the body, query or parameters are not as documented.');
/** A visitor write past its cap per link and window (config visitorWrites, docs/hostile-input.md). */
const writeLimit = error('TooManyAttemptsError: this link wrote its allowance for the window (visitorWrites); Retry-After says when to try again.');

export const PUBLIC_API_DOCUMENT = {
  openapi: '3.1.0',
  info: {
    title: 'Client Galleries: public share API',
    version: '1',
    description:
      'No Strapi account: the link token is the capability. Pages and headless clients use the same routes. Errors are `{data: null, error: {status, name, message, details}}`.',
  },
  servers: [{ url: '/' }],
  paths: {
    '/api/share/{token}': { get: op('The gallery of this link and what the link may do', 'links', { 200: ok('The gallery', ref('PublicGallery')) }) },
    '/api/share/{token}/unlock': {
      post: {
        ...op(
          'Unlock a password-protected link: sets an HttpOnly cookie and returns a bearer token',
          'links',
          {
            200: ok('Unlocked', { type: 'object', required: ['unlockToken', 'expiresAt'] }),
            400: badRequest,
            401: error('WrongPasswordError'),
            429: error('TooManyAttemptsError (Retry-After)'),
          },
          { without: [403] },
        ),
        requestBody: body({ type: 'object', required: ['password'], properties: { password: { type: 'string' } }, additionalProperties: false }),
      },
    },
    '/api/share/{token}/sign-in-link': {
      post: op(
        'Mail a one-time sign-in link to a private link’s recipient',
        'links',
        {
          202: ok('Mailed (or silently not, to protect the address)', { type: 'object' }),
          403: error('ActionNotAllowedError: not a private link with a recipient and a password'),
          429: error('Too many sign-in mails'),
        },
        { without: [401] },
      ),
    },
    '/api/share/{token}/sign-in': {
      post: {
        ...op(
          'Exchange a mailed sign-in ticket for an unlock, once',
          'links',
          {
            200: ok('Unlocked', { type: 'object', required: ['unlockToken'] }),
            400: badRequest,
            401: error('SignInLinkInvalidError: used, expired, replaced or not for this link'),
            429: error('TooManyAttemptsError (Retry-After)'),
          },
          { without: [403] },
        ),
        requestBody: body({ type: 'object', required: ['ticket'], properties: { ticket: { type: 'string' } }, additionalProperties: false }),
      },
    },
    '/api/share/{token}/images': {
      get: op(
        'A keyset page of the gallery’s photos with short-lived signed URLs',
        'images',
        {
          200: {
            description: 'A page',
            ...json({ type: 'object', required: ['data', 'meta'], properties: { data: { type: 'array', items: ref('PublicImage') } } }),
          },
          400: badRequest,
        },
        {
          parameters: ['cursor', 'limit', 'label', 'favourites', 'selected', 'commented'].map((name) => ({
            name,
            in: 'query',
            required: false,
            schema: { type: 'string' },
          })),
        },
      ),
    },
    '/api/share/{token}/claim': {
      post: {
        ...op('General links: get (or be mailed) one’s own private link. The answer never says whether the address already had a link.', 'links', {
          201: ok('share.claimVerification off: a private link for this browser, for a new address and a known one alike (a known address is mailed a way in to its own link)', {
            type: 'object',
            required: ['token', 'emailed'],
            properties: { token: { type: 'string' }, emailed: { const: true } },
          }),
          202: ok('share.claimVerification on: the private link (or, for a known address, a way in) was mailed; the browser gets no token', {
            type: 'object',
            required: ['token', 'emailed'],
            properties: { token: { type: 'null' }, emailed: { const: true } },
          }),
          400: badRequest,
          409: conflict('NotAGeneralLink'),
          429: error('Too many claims'),
        }),
        requestBody: body({ type: 'object', required: ['email'], properties: { email: { type: 'string', format: 'email' } }, additionalProperties: false }),
      },
    },
    '/api/share/{token}/favourites/{imageId}': {
      put: op(
        'Mark a favourite (idempotent)',
        'favourites',
        { 200: ok('Marked', { type: 'object', required: ['id', 'favourite'] }), 429: writeLimit },
        { parameters: [IMAGE_ID] },
      ),
      delete: op(
        'Remove a favourite (idempotent)',
        'favourites',
        { 200: ok('Removed', { type: 'object', required: ['id', 'favourite'] }), 429: writeLimit },
        { parameters: [IMAGE_ID] },
      ),
    },
    '/api/share/{token}/selection': {
      get: op('The selection: items, count, min, max, round, confirmedAt (read-only in every status)', 'selection', {
        200: ok('The selection', ref('Selection')),
      }),
    },
    '/api/share/{token}/selection/{imageId}': {
      put: op(
        'Add a photo to the selection (idempotent; max enforced atomically)',
        'selection',
        { 200: ok('Selected', ref('SelectionChange')), 409: conflict('SelectionFull {max, count} or SelectionConfirmed {round}'), 429: writeLimit },
        { parameters: [IMAGE_ID] },
      ),
      delete: op(
        'Remove a photo from the selection (idempotent)',
        'selection',
        { 200: ok('Unselected', ref('SelectionChange')), 409: conflict('SelectionConfirmed {round}'), 429: writeLimit },
        { parameters: [IMAGE_ID] },
      ),
    },
    '/api/share/{token}/selection/confirm': {
      post: op('Freeze the selection as round N; changes answer 409 until the studio reopens', 'selection', {
        201: ok('The confirmed round', ref('Round')),
        409: conflict('SelectionTooSmall {min, count}, SelectionFull (max lowered), or SelectionConfirmed {round}'),
      }),
    },
    '/api/share/{token}/selection/rounds': {
      get: op('The confirmed rounds, newest first', 'selection', { 200: ok('Rounds', { type: 'array', items: ref('Round') }) }),
    },
    '/api/share/{token}/comments': {
      get: op('The gallery’s comment thread of this link', 'comments', { 200: ok('The thread', ref('Comments')) }),
      post: {
        ...op('Comment on the gallery (plain text)', 'comments', { 201: ok('The comment', ref('Comment')), 400: badRequest, 429: writeLimit }),
        requestBody: body(ref('CommentInput')),
      },
    },
    '/api/share/{token}/images/{imageId}/comments': {
      get: op('A photo’s comment thread of this link', 'comments', { 200: ok('The thread', ref('Comments')) }, { parameters: [IMAGE_ID] }),
      post: {
        ...op('Comment on a photo (plain text)', 'comments', { 201: ok('The comment', ref('Comment')), 400: badRequest, 429: writeLimit }, { parameters: [IMAGE_ID] }),
        requestBody: body(ref('CommentInput')),
      },
    },
    '/api/share/{token}/review': { get: op('This link’s review marks (advanced review)', 'review', { 200: ok('Marks', ref('Review')) }) },
    '/api/share/{token}/images/{imageId}/review': {
      put: {
        ...op(
          'Approve a photo, or request changes with a note',
          'review',
          { 200: ok('The mark', ref('ReviewMark')), 400: badRequest, 429: writeLimit },
          { parameters: [IMAGE_ID] },
        ),
        requestBody: body({
          oneOf: [
            {
              type: 'object',
              required: ['decision'],
              properties: { decision: { const: 'approved' }, note: { type: ['string', 'null'] } },
              additionalProperties: false,
            },
            {
              type: 'object',
              required: ['decision', 'note'],
              properties: { decision: { const: 'changes-requested' }, note: text(2000) },
              additionalProperties: false,
            },
          ],
        }),
      },
    },
    '/api/share/{token}/downloads': {
      get: op('The download manager: limit, used, remaining, items', 'downloads', { 200: ok('The manager', { type: 'object', required: ['items'] }) }),
      post: {
        ...op('Add photos to the download manager', 'downloads', { 200: ok('The manager', { type: 'object', required: ['items'] }), 400: badRequest, 429: writeLimit }),
        requestBody: body({ type: 'object', required: ['imageIds'], properties: { imageIds: { type: 'array', items: { type: 'string' } } } }),
      },
    },
    '/api/share/{token}/downloads/{imageId}': {
      delete: op(
        'Remove a photo from the download manager',
        'downloads',
        { 200: ok('The manager', { type: 'object' }), 409: conflict('AlreadyDownloaded'), 429: writeLimit },
        { parameters: [IMAGE_ID] },
      ),
    },
    '/api/share/{token}/images/{imageId}/download': {
      get: op(
        'One file at a resolution the link offers, counted once per photo (Range, If-Range, ETag); watermarked exactly when link.settings.downloadsWatermarked',
        'downloads',
        { 200: { description: 'The file' }, 206: { description: 'A byte range' }, 400: badRequest },
        {
          parameters: [IMAGE_ID, { name: 'resolution', in: 'query', required: true, schema: resolution }],
        },
      ),
    },
    '/api/share/{token}/packages': {
      post: {
        ...op('Take the grants atomically and prepare a zip (its files watermarked exactly when link.settings.downloadsWatermarked); its link is mailed too', 'packages', {
          202: ok('Preparing', { type: 'object', required: ['status', 'downloadUrl'] }),
          400: badRequest,
          429: writeLimit,
        }),
        requestBody: body({
          type: 'object',
          required: ['resolution'],
          properties: { resolution, imageIds: { type: 'array', items: { type: 'string' } } },
        }),
      },
    },
    '/api/packages/{packageToken}': {
      get: {
        summary: 'The zip: exact Content-Length, strong ETag, Range and If-Range (resumable); HEAD does no work',
        tags: ['packages'],
        parameters: [
          { name: 'packageToken', in: 'path', required: true, schema: { type: 'string' } },
          { name: 'Range', in: 'header', required: false, description: 'One byte range, e.g. bytes=1000- to resume', schema: { type: 'string' } },
          {
            name: 'If-Range',
            in: 'header',
            required: false,
            description: 'The ETag the first part came with: a stale one gets the whole zip',
            schema: { type: 'string' },
          },
        ],
        responses: {
          200: { description: 'The whole zip' },
          206: { description: 'Exactly the bytes asked for' },
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
        summary: 'Preparation progress ("Preparing 120 of 460"), then the zip’s exact size',
        tags: ['packages'],
        parameters: [{ name: 'packageToken', in: 'path', required: true, schema: { type: 'string' } }],
        responses: {
          200: ok('Progress', { type: 'object', required: ['status', 'prepared', 'total', 'bytes'] }),
          403: error('The link no longer allows this download'),
          404: error('Unknown, tampered, expired or revoked'),
        },
      },
    },
    '/api/portal/galleries': {
      get: {
        summary: 'A portal account’s galleries (users-permissions JWT)',
        tags: ['portal'],
        security: [{ bearer: [] }],
        responses: {
          200: ok('Galleries', { type: 'array', items: { type: 'object', required: ['id', 'title', 'status', 'deadline'] } }),
          401: error('A bad or expired account token (while email confirmation is on, also an unconfirmed account’s)'),
          403: error('No account token, or EmailNotConfirmedError (an unconfirmed account where the host does not require confirmation)'),
        },
      },
    },
    '/api/portal/galleries/{id}/open': {
      post: {
        summary: 'A short-lived access token for the account’s private link to this gallery',
        tags: ['portal'],
        security: [{ bearer: [] }],
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: {
          200: ok('Opened', { type: 'object' }),
          401: error('A bad or expired account token (while email confirmation is on, also an unconfirmed account’s)'),
          403: error('No account token, or EmailNotConfirmedError (an unconfirmed account where the host does not require confirmation)'),
          404: error('Not shared with this account'),
        },
      },
    },
    '/api/share-api/openapi.json': {
      get: { summary: 'This document', tags: ['meta'], responses: { 200: { description: 'OpenAPI 3.1', content: { 'application/json': {} } } } },
    },
  },
  components: {
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    schemas: SCHEMAS,
  },
} as const;
