/** CorpusReader port: lists and reads the raw article files of a corpus (folder or S3 prefix). */
export interface CorpusFile {
  /** Path relative to the corpus root, with forward slashes: becomes the source id. */
  id: string;
  size: number;
  /** Changes whenever the file does (size and modification time, or the object's ETag). */
  version?: string;
}

export interface CorpusReader {
  /** Every file under the root, sorted by id. */
  list(): Promise<CorpusFile[]>;
  /** Raw bytes of one file. Throws on an unreadable file (caller turns it into a warning). */
  read(id: string): Promise<Uint8Array>;
}
