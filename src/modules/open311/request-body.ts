/**
 * The body of an Open311 POST, read before Plaza's access gate runs. Open311 clients send their API key as
 * an `api_key` form field (FixMyStreet does), not only in a header, and a multipart body (a `media` photo)
 * is otherwise read only by the handler: so the body is read here, in the route's preParsing step, whole
 * and within a size limit, its key checked, and the request made to act as the key's client before the
 * gate asks for the `open311:write` scope. The route takes no part in sessions, so no CSRF token applies.
 */
import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ClientAuthenticator } from '../../platform/auth/client-credentials.js';
import { PlazaError } from '../../platform/errors.js';
import { perAddress, type RateLimit } from '../../platform/http/rate-limits.js';

export interface PostedFile {
  field: string;
  filename: string;
  /** What the client said it is; the content decides. */
  declaredType: string;
  content: Buffer;
}

export interface PostedForm {
  /** Every field's values, in order (repeated fields, such as attribute[CODE][], hold several). */
  fields: Record<string, string[]>;
  files: PostedFile[];
}

const forms = new WeakMap<FastifyRequest, PostedForm>();

export function postedForm(request: FastifyRequest): PostedForm {
  return forms.get(request) ?? { fields: {}, files: [] };
}

function add(fields: Record<string, string[]>, name: string, value: string): void {
  (fields[name] ??= []).push(value);
}

function urlencoded(body: Buffer): PostedForm {
  const fields: Record<string, string[]> = {};
  for (const [name, value] of new URLSearchParams(body.toString('utf8'))) add(fields, name, value);
  return { fields, files: [] };
}

async function multipart(body: Buffer, contentType: string): Promise<PostedForm> {
  const fields: Record<string, string[]> = {};
  const files: PostedFile[] = [];
  let data: FormData;
  try {
    data = await new Request('http://open311.invalid/', {
      method: 'POST',
      headers: { 'content-type': contentType },
      body: new Uint8Array(body),
    }).formData();
  } catch {
    throw new PlazaError('invalid', 'open311.multipart', 'The multipart body could not be read.');
  }
  for (const [name, value] of data) {
    if (typeof value === 'string') add(fields, name, value);
    else if (value.size > 0 || value.name !== '')
      files.push({
        field: name,
        filename: value.name,
        declaredType: value.type,
        content: Buffer.from(await value.arrayBuffer()),
      });
  }
  return { fields, files };
}

/** The preParsing hook: reads the form, and when the request brought no key in a header, its api_key. */
export function readPostedForm(deps: {
  maxBytes: number;
  authenticate: ClientAuthenticator;
  tooLarge: () => PlazaError;
  invalidKey: () => PlazaError;
}) {
  const allowance = new WeakMap<FastifyRequest, number>();
  // The same allowance per minute as the client has on the rest of the API.
  const perClient: RateLimit = {
    name: 'open311 calls per client',
    key: (request) => (request.principal?.kind === 'client' ? request.principal.id : undefined),
    max: (request) => allowance.get(request) ?? 1,
    windowMs: 60_000,
  };
  // As for keys in headers: a program trying keys from one address is slowed down.
  const failures: RateLimit = {
    name: 'failed open311 api_keys per address',
    key: perAddress,
    max: 30,
    windowMs: 15 * 60_000,
  };

  return async (request: FastifyRequest, reply: FastifyReply, payload: NodeJS.ReadableStream) => {
    const contentType = request.headers['content-type'] ?? '';
    if (Number(request.headers['content-length']) > deps.maxBytes) throw deps.tooLarge();
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of payload) {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += buffer.length;
      if (size > deps.maxBytes) throw deps.tooLarge();
      chunks.push(buffer);
    }
    const body = Buffer.concat(chunks);
    const isMultipart = contentType.toLowerCase().startsWith('multipart/form-data');
    const form = isMultipart ? await multipart(body, contentType) : urlencoded(body);
    forms.set(request, form);

    const query = request.query as Record<string, unknown>;
    const fromQuery = typeof query.api_key === 'string' ? query.api_key : undefined;
    const key = (form.fields.api_key?.[0] ?? fromQuery ?? '').trim();
    if (request.principal?.kind === 'client') {
      // A key in a header and another in the form: which one was meant cannot be known.
      if (key !== '' && request.principal.id !== (await deps.authenticate(key))?.principal.id)
        throw deps.invalidKey();
    } else if (key !== '') {
      const client = key.length <= 200 ? await deps.authenticate(key) : undefined;
      if (!client) {
        await request.server.rateLimiter.enforce(request, reply, [failures]);
        throw deps.invalidKey();
      }
      request.principal = client.principal;
      allowance.set(request, client.requestsPerMinute);
      await request.server.rateLimiter.enforce(request, reply, [perClient]);
    }

    // The form parsers that run next see the same bytes (or, for multipart, nothing left to read).
    const replay = Readable.from(isMultipart ? [] : [body]) as Readable & { receivedEncodedLength?: number };
    replay.receivedEncodedLength = body.length;
    return replay;
  };
}
