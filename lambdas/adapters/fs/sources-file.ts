/** Reads sources.yaml (next to themes.yaml unless named); a missing default file means "no sources". */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseSources, type SourcesList } from '../../domain/collect/sources-file.ts';
import { SourcesFileError } from '../../errors.ts';

/**
 * Loads the sources list.
 * @param file the file; `explicit` says whether the user named it (then it must exist)
 */
export async function loadSources(file: string, explicit: boolean): Promise<SourcesList> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if (!explicit && (err as NodeJS.ErrnoException).code === 'ENOENT') return { feeds: [], pages: [] };
    throw new SourcesFileError(path.basename(file), `cannot read '${file}'; create it or pass addresses to collect`);
  }
  return parseSources(text, path.basename(file));
}
