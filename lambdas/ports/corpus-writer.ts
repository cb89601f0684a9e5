/**
 * CorpusWriter port: what `collect` needs of the corpus store: read a file it may have
 * written before (a sidecar, a page) and write one; and what `prune` needs: remove one. Adapters: FsCorpusWriter (a folder),
 * S3CorpusWriter (the corpus bucket), MemoryCorpusWriter (tests).
 */
export interface CorpusWriter {
  /** The file's bytes, or null when there is none. */
  read(id: string): Promise<Uint8Array | null>;
  /** Writes (or replaces) a file; `id` is a relative path with forward slashes. */
  write(id: string, bytes: Uint8Array, contentType?: string): Promise<void>;
  /** Removes a file (`prune`); nothing happens when it is not there. */
  remove(id: string): Promise<void>;
}
