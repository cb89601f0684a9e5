import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseThemes } from '../../../lambdas/domain/themes/parse-themes.ts';
import { findTheme } from '../../../lambdas/domain/themes/find-theme.ts';
import { ThemesFileError, UnknownThemeError } from '../../../lambdas/errors.ts';

const THEMES = readFileSync(path.resolve(__dirname, '../../../themes.yaml'), 'utf8');

describe('themes.yaml', () => {
  it('holds at least six valid themes with schedules, junior-partner among them', () => {
    // Act
    const themes = parseThemes(THEMES, 'themes.yaml');
    // Assess
    expect(themes.length).toBeGreaterThanOrEqual(6);
    expect(themes.map((t) => t.id)).toContain('junior-partner');
    for (const t of themes) {
      expect(t.schedule).toMatch(/^cron\(/);
      expect(t.keywords.length).toBeGreaterThan(0);
    }
  });

  it('fills defaults for optional fields', () => {
    const [t] = parseThemes('themes:\n  - id: a\n    title: A\n    description: Something to match.\n', 'themes.yaml');
    expect(t).toMatchObject({ timezone: 'UTC', maxExcerpts: 5, paused: false, keywords: [] });
  });

  it.each([
    ['themes:\n  - id: Bad_Id\n    title: T\n    description: d\n', /line 2: id 'Bad_Id' may use only/],
    ['themes:\n  - id: a\n    description: d\n', /line 2: theme is missing 'title'/],
    ['themes:\n  - id: a\n    title: T\n    keywords: junior\n    description: d\n', /line 4: 'keywords' must be a list/],
    ['themes:\n  - id: a\n    title: T\n    description: d\n    schedule: every monday\n', /line 5: schedule 'every monday' is not an EventBridge expression/],
    ['themes:\n  - id: a\n    title: T\n    description: d\n    timezone: Mars/Base\n', /line 5: unknown timezone 'Mars\/Base'/],
    ['themes:\n  - id: a\n    title: T\n    description: d\n    maxExcerpts: 0\n', /line 5: 'maxExcerpts' must be a whole number/],
    ['themes:\n  - id: a\n    title: T\n    description: d\n  - id: a\n    title: U\n    description: e\n', /line 5: duplicate theme id 'a'/],
    ['themes:\n  - id: a\n    title: T\n    colour: red\n', /line 4: unknown field 'colour'/],
    ['themes: [\n', /themes.yaml line \d+: invalid YAML/],
    ['other: 1\n', /expected 'themes:'/],
  ])('rejects a bad file with the line of the problem (%#)', (text, message) => {
    // Act / Assess
    expect(() => parseThemes(text, 'themes.yaml')).toThrow(ThemesFileError);
    expect(() => parseThemes(text, 'themes.yaml')).toThrow(message);
  });

  it('names the valid ids when a theme is unknown', () => {
    const themes = parseThemes(THEMES, 'themes.yaml');
    expect(() => findTheme(themes, 'nope')).toThrow(UnknownThemeError);
    expect(() => findTheme(themes, 'nope')).toThrow(/unknown theme 'nope'/);
  });
});
