/**
 * Reads a multipart form (a page with a file upload) in full: its fields, and each file with its type as
 * detected from its content, never trusted from its name or the browser's claim. A file over the size
 * limit is marked truncated rather than failing the request, so the page can say what was wrong and keep
 * the rest of what the citizen typed. The CSRF token is checked here, once the fields are known.
 */
import type { FastifyRequest } from 'fastify';
import { fileTypeFromBuffer } from 'file-type';
import { PlazaError } from '../errors.js';
import { csrfFieldName, isMultipart, verifyCsrf } from './csrf.js';
import { firstNotText, notTextError } from './text-input.js';

export interface UploadedFile {
  field: string;
  filename: string;
  /** The type detected from the file's bytes, or undefined when unrecognised. */
  detectedType: string | undefined;
  content: Buffer;
  size: number;
  truncated: boolean;
}

export interface MultipartForm {
  fields: Record<string, string | string[]>;
  files: UploadedFile[];
}

/**
 * The fields and files of a form on a route that accepts uploads (`config: { multipart: true }`): read
 * in full and CSRF-checked whether it came urlencoded or multipart.
 */
export async function readRequestForm(
  request: FastifyRequest,
  limits: { maxFileBytes: number; maxFiles: number },
): Promise<MultipartForm> {
  if (!isMultipart(request)) {
    const fields: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries((request.body ?? {}) as Record<string, unknown>)) {
      if (
        typeof value === 'string' ||
        (Array.isArray(value) && value.every((item) => typeof item === 'string'))
      ) {
        fields[name] = value;
      }
    }
    return { fields, files: [] };
  }
  return readMultipartForm(request, limits);
}

export async function readMultipartForm(
  request: FastifyRequest,
  limits: { maxFileBytes: number; maxFiles: number },
): Promise<MultipartForm> {
  if (!request.isMultipart())
    throw new PlazaError('invalid', 'form.not_multipart', 'The form was not sent as expected.');
  const fields: Record<string, string | string[]> = {};
  const files: UploadedFile[] = [];
  const parts = request.parts({
    limits: {
      fileSize: limits.maxFileBytes,
      files: limits.maxFiles,
      fields: 200,
      fieldSize: 100_000,
      parts: 250,
    },
  });
  try {
    await collect();
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') {
      throw new PlazaError(
        'too_large',
        'form.too_many_parts',
        'The form sent too many files or fields. Send fewer files at once.',
      );
    }
    throw error;
  }
  request.body = fields;
  verifyCsrf(request, fields[csrfFieldName]);
  const notText =
    firstNotText(fields) ??
    firstNotText(Object.fromEntries(files.map((file) => [file.field, file.filename])));
  if (notText) throw notTextError(notText);
  return { fields, files };

  async function collect(): Promise<void> {
    for await (const part of parts) {
      if (part.type === 'field') {
        const value = typeof part.value === 'string' ? part.value : String(part.value);
        const existing = fields[part.fieldname];
        fields[part.fieldname] =
          existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
        continue;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of part.file) {
        chunks.push(chunk as Buffer);
        size += (chunk as Buffer).length;
      }
      // An empty file input still sends a part with no name and no content: the citizen chose nothing.
      if (part.filename === '' && size === 0) continue;
      const content = Buffer.concat(chunks);
      files.push({
        field: part.fieldname,
        filename: part.filename,
        detectedType: part.file.truncated ? undefined : (await fileTypeFromBuffer(content))?.mime,
        content,
        size,
        truncated: part.file.truncated,
      });
    }
  }
}
