/**
 * EditorialStore port: what the editor decided for a theme's next issues: passages pinned
 * (always in) and excluded (never in), and a note with an optional subject that stand above
 * the excerpts. Adapters: FsEditorialStore (data folder), DynamoEditorialStore (the table),
 * MemoryEditorialStore (tests).
 */
export interface EditorialChoices {
  pinned: string[];
  excluded: string[];
  note: { subject: string | null; text: string | null } | null;
  updatedAt: string | null;
}

export const NO_CHOICES: EditorialChoices = Object.freeze({ pinned: [], excluded: [], note: null, updatedAt: null }) as EditorialChoices;

export interface EditorialStore {
  get(themeId: string): Promise<EditorialChoices>;
  put(themeId: string, choices: EditorialChoices): Promise<void>;
}
