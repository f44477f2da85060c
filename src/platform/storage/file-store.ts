/**
 * Files people upload, stored in the database next to the records that refer to them. One transaction
 * covers a file and its record, so a failed submission leaves no orphan, and every Plaza process sees
 * every file without a shared disk. (A city with many large files can move this behind the same interface
 * to object storage.) Contents are encrypted at rest under the deployment's key ring.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Generated, Kysely } from 'kysely';
import type { KeyRing } from '../crypto/key-ring.js';

export type FileOwnerType = 'draft' | 'case' | 'information_request';

export interface FilesTable {
  id: string;
  owner_type: FileOwnerType;
  owner_id: string;
  field: string | null;
  original_name: string;
  media_type: string;
  size_bytes: number;
  sha256: string;
  /** Encrypted (see KeyRing), unless content_key_id is null: a file stored before encryption. */
  content: Buffer;
  /** The key that encrypted content; null for content stored in the clear before encryption came. */
  content_key_id: Generated<string | null>;
  created_at: Generated<Date>;
}

export interface FileTables {
  files: FilesTable;
}

export interface StoredFileInfo {
  id: string;
  ownerType: FileOwnerType;
  ownerId: string;
  field: string | null;
  name: string;
  mediaType: string;
  size: number;
}

export interface NewFile {
  owner: { type: FileOwnerType; id: string };
  field?: string;
  name: string;
  mediaType: string;
  content: Buffer;
}

/** A name safe to show and to offer for download: no path, no control characters, a bounded length. */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '')
    .replace(/^\.+/, '')
    .trim();
  if (cleaned === '') return 'file';
  if (cleaned.length <= 120) return cleaned;
  const dot = cleaned.lastIndexOf('.');
  const extension = dot > 0 && cleaned.length - dot <= 10 ? cleaned.slice(dot) : '';
  return cleaned.slice(0, 120 - extension.length) + extension;
}

/** What a file's content is authenticated as: its own id, so no row's content can be swapped into another. */
export function fileContext(id: string): string {
  return `file:${id}`;
}

export async function storeFile(
  db: Kysely<FileTables>,
  file: NewFile,
  keyRing: KeyRing,
): Promise<StoredFileInfo> {
  const id = randomUUID();
  const name = safeFileName(file.name);
  await db
    .insertInto('files')
    .values({
      id,
      owner_type: file.owner.type,
      owner_id: file.owner.id,
      field: file.field ?? null,
      original_name: name,
      media_type: file.mediaType,
      size_bytes: file.content.length,
      sha256: createHash('sha256').update(file.content).digest('hex'),
      content: keyRing.encryptBytes(file.content, fileContext(id)),
      content_key_id: keyRing.currentKeyId,
    })
    .execute();
  return {
    id,
    ownerType: file.owner.type,
    ownerId: file.owner.id,
    field: file.field ?? null,
    name,
    mediaType: file.mediaType,
    size: file.content.length,
  };
}

export async function fileContent(
  db: Kysely<FileTables>,
  id: string,
  keyRing: KeyRing,
): Promise<Buffer | undefined> {
  const row = await db
    .selectFrom('files')
    .select(['content', 'content_key_id'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  const stored = Buffer.from(row.content);
  return row.content_key_id === null ? stored : keyRing.decryptBytes(stored, fileContext(id));
}

/** Hands files over to a new owner (a draft's uploads become the case's documents). */
export async function moveFiles(
  db: Kysely<FileTables>,
  ids: string[],
  from: { type: FileOwnerType; id: string },
  to: { type: FileOwnerType; id: string },
): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('files')
    .set({ owner_type: to.type, owner_id: to.id })
    .where('id', 'in', ids)
    .where('owner_type', '=', from.type)
    .where('owner_id', '=', from.id)
    .execute();
}

export async function deleteFilesOf(
  db: Kysely<FileTables>,
  owner: { type: FileOwnerType; id: string },
  except: string[] = [],
): Promise<number> {
  const result = await db
    .deleteFrom('files')
    .where('owner_type', '=', owner.type)
    .where('owner_id', '=', owner.id)
    .$if(except.length > 0, (query) => query.where('id', 'not in', except))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
