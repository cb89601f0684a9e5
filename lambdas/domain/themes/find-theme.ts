/** Looks a theme up by id, failing with the list of valid ids. */
import type { Theme } from '../types.ts';
import { UnknownThemeError } from '../../errors.ts';

/**
 * Finds a theme by id.
 * @throws UnknownThemeError listing the known ids
 */
export function findTheme(themes: Theme[], id: string): Theme {
  const theme = themes.find((t) => t.id === id);
  if (!theme) throw new UnknownThemeError(id, themes.map((t) => t.id));
  return theme;
}
