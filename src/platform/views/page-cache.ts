/**
 * Rendered pages that are the same for every visitor who is not signed in (the catalogue, a service's
 * start page), kept once per address and language. Entries are keyed by what they were rendered from (a
 * service version), so a new version is a new entry; the oldest entries go first when the cache is full.
 */
export class PageCache {
  private readonly entries = new Map<string, string>();

  constructor(private readonly capacity = 500) {}

  get(key: string): string | undefined {
    return this.entries.get(key);
  }

  set(key: string, html: string): string {
    if (this.entries.size >= this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, html);
    return html;
  }

  clear(): void {
    this.entries.clear();
  }
}
