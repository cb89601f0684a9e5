/** EditorialStore in memory (tests). */
import { NO_CHOICES, type EditorialChoices, type EditorialStore } from '../../ports/editorial-store.ts';

export class MemoryEditorialStore implements EditorialStore {
  private readonly m = new Map<string, EditorialChoices>();
  async get(themeId: string): Promise<EditorialChoices> {
    return structuredClone(this.m.get(themeId) ?? { ...NO_CHOICES });
  }
  async put(themeId: string, choices: EditorialChoices): Promise<void> {
    this.m.set(themeId, structuredClone(choices));
  }
}
