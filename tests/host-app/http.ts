/**
 * Plain HTTP against the host app (global fetch): the suite never touches the host's Strapi
 * object, only its public and admin routes, as a studio's own clients would.
 */
export interface Reply {
  status: number;
  type: string;
  headers: Headers;
  body: any;
  bytes: Buffer;
}

export interface RequestOptions {
  /** An admin JWT or an API token, sent as `Authorization: Bearer`. */
  token?: string;
  json?: unknown;
  form?: FormData;
  headers?: Record<string, string>;
}

export function client(baseUrl: string) {
  async function call(method: string, pathOrUrl: string, options: RequestOptions = {}): Promise<Reply> {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (options.token) headers.Authorization = `Bearer ${options.token}`;
    let body: string | FormData | undefined;
    if (options.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(options.json);
    } else if (options.form) {
      body = options.form;
    }
    const res = await fetch(new URL(pathOrUrl, baseUrl), { method, headers, body, redirect: 'manual', signal: AbortSignal.timeout(120000) });
    const bytes = Buffer.from(await res.arrayBuffer());
    const type = res.headers.get('content-type') ?? '';
    let parsed: any = null;
    if (type.includes('application/json')) {
      try {
        parsed = JSON.parse(bytes.toString('utf8'));
      } catch {
        parsed = null;
      }
    }
    return { status: res.status, type, headers: res.headers, body: parsed, bytes };
  }
  return {
    get: (path: string, options?: RequestOptions) => call('GET', path, options),
    post: (path: string, options?: RequestOptions) => call('POST', path, options),
    put: (path: string, options?: RequestOptions) => call('PUT', path, options),
    delete: (path: string, options?: RequestOptions) => call('DELETE', path, options),
  };
}

/** `expect(reply.status)` with the body in the failure message. */
export function describeReply(reply: Reply): string {
  const body = reply.body ? JSON.stringify(reply.body) : reply.bytes.subarray(0, 300).toString('utf8');
  return `${reply.status} ${reply.type} ${body}`;
}
