/** Reads themes.yaml from disk and parses it (a missing file is a ThemesFileError with the fix). */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Theme } from '../../domain/types.ts';
import { parseThemes } from '../../domain/themes/parse-themes.ts';
import { ThemesFileError } from '../../errors.ts';

/**
 * Loads and validates a themes file.
 * @throws ThemesFileError when it is missing or invalid
 */
export async function loadThemes(file: string): Promise<Theme[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new ThemesFileError(path.basename(file), `cannot read '${file}'; create it or pass --themes FILE`);
  }
  return parseThemes(text, path.basename(file));
}
