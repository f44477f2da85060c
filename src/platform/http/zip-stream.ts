/**
 * A zip archive written as it is read, for downloads of any size: each entry's content is fetched only
 * when the archive reaches it, and the next waits while the reader is behind. Already-compressed files
 * (PDFs, images) are stored as they are; text is deflated. Built on fflate.
 */
import { once } from 'node:events';
import { PassThrough, type Readable } from 'node:stream';
import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';

export interface ZipEntry {
  /** The path inside the archive. */
  name: string;
  /** The content, fetched when the archive reaches it; undefined leaves the entry out. */
  content: () => Promise<Uint8Array | undefined>;
  compress: boolean;
}

/** A readable zip of the entries, in order; a failing entry ends the stream with that error. */
export function zipStream(entries: Iterable<ZipEntry>): Readable {
  const out = new PassThrough();
  const zip = new Zip((error, chunk, final) => {
    if (error) {
      out.destroy(error);
      return;
    }
    out.write(chunk);
    if (final) out.end();
  });
  void (async () => {
    try {
      for (const entry of entries) {
        if (out.destroyed) return;
        const content = await entry.content();
        if (content === undefined) continue;
        const file = entry.compress
          ? new ZipDeflate(entry.name, { level: 6 })
          : new ZipPassThrough(entry.name);
        zip.add(file);
        file.push(content, true);
        // The reader (a slow connection) sets the pace: one entry ahead at most.
        if (out.writableNeedDrain) await Promise.race([once(out, 'drain'), once(out, 'close')]);
      }
      zip.end();
    } catch (error) {
      zip.terminate();
      out.destroy(error as Error);
    }
  })();
  return out;
}

/** A safe, unique name for an entry in an archive folder: no path, nothing that confuses unzip tools. */
export function archiveName(taken: Set<string>, folder: string, name: string): string {
  const base = name.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').slice(0, 150) || 'file';
  let candidate = `${folder}/${base}`;
  for (let n = 2; taken.has(candidate); n++) {
    const dot = base.lastIndexOf('.');
    candidate =
      dot > 0 ? `${folder}/${base.slice(0, dot)} (${n})${base.slice(dot)}` : `${folder}/${base} (${n})`;
  }
  taken.add(candidate);
  return candidate;
}
