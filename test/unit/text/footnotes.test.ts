import { describe, expect, it } from 'vitest';
import { findNotesSection, stripFootnoteMarkers } from '../../../lambdas/domain/text/footnotes.ts';
import type { Block } from '../../../lambdas/domain/text/blocks.ts';

const para = (text: string): Block => ({ kind: 'paragraph', text });

describe('stripFootnoteMarkers', () => {
  it.each([
    ['a possible future arms race.31 For a long time', 'a possible future arms race. For a long time', ['31']],
    ['in the near future".36', 'in the near future".', ['36']],
    ['"is no timetable at all."43 Then', '"is no timetable at all." Then', ['43']],
    ['very expensive".28 Russian scholar', 'very expensive". Russian scholar', ['28']],
    ['8 As in other sectors, China competes.', 'As in other sectors, China competes.', ['8']],
  ])('removes the marker in %j', (input, output, markers) => {
    // Act
    const r = stripFootnoteMarkers(input);
    // Assess
    expect(r.text).toBe(output);
    expect(r.markers).toEqual(markers);
  });

  it.each([
    'Growth was 3.5 per cent in 2019.',
    'The S-400 and Su-35 were delivered on Feb. 5, 2020.',
    'Over 80 people were evacuated.',
    'It rose 18% in 2008. In 2009 it fell.',
    '12 people were injured.',
    'See version 2.0 for details.',
  ])('leaves numbers that are not markers in %j', (input) => {
    expect(stripFootnoteMarkers(input).text).toBe(input);
  });
});

describe('findNotesSection', () => {
  it('finds notes after a rule line and parses them by number', () => {
    // Prepare
    const blocks = [para('Body text.'), para('More body.'), para('______'), para('1 First source, 2020.'), para('2Second source glued.'), para('3 Ibid.'), para('Filed under: News')];
    // Act
    const notes = findNotesSection(blocks);
    // Assess
    expect(notes).toMatchObject({ start: 2, end: 6 });
    expect(notes?.notes.get('2')).toBe('Second source glued.');
  });

  it('finds a trailing numbered run without a separator', () => {
    const blocks = [para('Body text.'), para('1 Source one.'), para('2 Source two.'), para('3 Source three.')];
    expect(findNotesSection(blocks)).toMatchObject({ start: 1, end: 4 });
  });

  it('does not take a numbered list in the body for notes', () => {
    const blocks = [para('Intro.'), para('1 First step of the plan.'), para('2 Second step.'), para('Conclusion paragraph that ends the article.')];
    expect(findNotesSection(blocks)).toBeNull();
  });
});

describe('footnote markers after years and brackets', () => {
  it.each([
    ['the first Peace Mission in 2005.11 At first these exercises', 'the first Peace Mission in 2005. At first these exercises', ['11']],
    ['Uzbekistan also took part.)13 The Chinese defence minister', 'Uzbekistan also took part.) The Chinese defence minister', ['13']],
    ['signed in March 2020.33', 'signed in March 2020.', ['33']],
  ])('strips the marker in "%s"', (input, output, markers) => {
    expect(stripFootnoteMarkers(input)).toEqual({ text: output, markers });
  });

  it.each(['The index rose to 2005.11 points on Friday.', 'Version 3.11 Beta ships today.', 'It cost $1,999.99 In total.', 'In 1999, 12 People came.'])('leaves "%s" alone', (input) => {
    expect(stripFootnoteMarkers(input).text).toBe(input);
  });
});
