/**
 * IndexStore port: the files of the incremental corpus index (manifest, segments, sketches),
 * by name. Writes replace whole files atomically, so a reader sees the old file or the new
 * one, never half of one. Adapters: FsIndexStore (the data folder), MemoryIndexStore (tests).
 */
export interface IndexStore {
  /** The file's bytes, or null when there is none. */
  read(name: string): Promise<Uint8Array | null>;
  /** Writes (or replaces) a file atomically. */
  write(name: string, bytes: Uint8Array | string): Promise<void>;
  /** Removes a file; nothing happens when it is not there. */
  remove(name: string): Promise<void>;
  /** Every file's name. */
  list(): Promise<string[]>;
}
