import { describe, expect, it } from 'vitest';
import { findDate, lineIsDate } from '../../../lambdas/domain/text/dates.ts';
import { inferMetadata } from '../../../lambdas/domain/text/metadata.ts';
import type { Block } from '../../../lambdas/domain/text/blocks.ts';

describe('dates', () => {
  it.each([
    ['July 1, 2020', '2020-07-01'],
    ['Monday, December 30, 2024', '2024-12-30'],
    ['1 July 2020', '2020-07-01'],
    ['3rd of March, 2021', '2021-03-03'],
    ['2023/01/29', '2023-01-29'],
    ['2024-09-15T08:00:00Z', '2024-09-15'],
    ['Sept. 9, 2019', '2019-09-09'],
    ['29.01.2023', '2023-01-29'],
    ['Published: 5 Feb 2020 10:30 GMT', '2020-02-05'],
  ])('reads %j as %s', (line, iso) => {
    expect(lineIsDate(line)).toBe(iso);
  });

  it('does not take a sentence that mentions a date for a date line', () => {
    expect(lineIsDate('The treaty was signed on 7 June 2017 in Moscow.')).toBeNull();
    expect(findDate('The treaty was signed on 7 June 2017 in Moscow.')).toBe('2017-06-07');
  });

  it('rejects impossible dates', () => {
    expect(findDate('February 30, 2020')).toBeNull();
  });
});

describe('inferMetadata', () => {
  const h = (text: string): Block => ({ kind: 'heading', text });
  const p = (text: string): Block => ({ kind: 'paragraph', text });

  it('takes date, byline, source URL and title from the opening lines', () => {
    // Prepare
    const blocks = [h('July 1, 2020'), h('Big Ships in Small Ports'), h('By Maria Lopez'), p('Source: https://example.org/ships'), p('Body '.repeat(50))];
    // Act
    const meta = inferMetadata(blocks, {});
    // Assess
    expect(meta).toMatchObject({ title: 'Big Ships in Small Ports', date: '2020-07-01', author: 'Maria Lopez', url: 'https://example.org/ships' });
    expect([...meta.consumed].sort()).toEqual([0, 1, 2, 3]);
  });

  it('falls back to the first words when there is no heading', () => {
    const meta = inferMetadata([p('Harbour towns agreed to share a ferry operator. The councils said so.')], {});
    expect(meta.title).toBe('Harbour towns agreed to share a ferry operator.');
    expect(meta.date).toBeNull();
  });
});
