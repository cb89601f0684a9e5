import { describe, expect, it } from 'vitest';
import { boilerplateReason, isCreditLine, opensTrailingSection } from '../../../lambdas/domain/text/boilerplate-rules.ts';

describe('boilerplate rules', () => {
  it.each([
    ['Bookmark the permalink.', 'share/permalink line'],
    ['Share on Facebook', 'share/permalink line'],
    ['Comments are closed', 'comments notice'],
    ['12 Comments', 'comments notice'],
    ['Your email address will not be published. Required fields are marked *', 'comment form'],
    ['Name *', 'comment form'],
    ['165views', 'view counter'],
    ['Views: 2,301', 'view counter'],
    ['Skip to content', 'navigation line'],
    ['Loading', 'navigation line'],
    ['Filed under: CommentaryTagged with: ,', 'filed-under/tags line'],
    ['This article was published in the Weekly Review.', 'publication note'],
    ['We use cookies to improve your experience. Accept all?', 'cookie notice'],
    ['2023/01/29 | Economy, Note, top news', 'dateline/category line'],
    ['AP/Scanpix', 'photo credit'],
  ])('drops %j as %s', (text, reason) => {
    // Act / Assess
    expect(boilerplateReason(text)).toBe(reason);
  });

  it.each([
    'The council approved its budget on Monday after a debate that lasted late into the evening.',
    'Share prices fell sharply on Monday as traders weighed the new tariffs against a weaker dollar.',
    'Home ownership among young adults has fallen for a decade, the survey found.',
    'He said the cookies were baked by volunteers and sold to raise money for the hospital.',
    'Who is the owner?',
  ])('keeps article text %j', (text) => {
    expect(boilerplateReason(text)).toBeNull();
  });

  it('recognises photo credits but not short sentences', () => {
    expect(isCreditLine('Photo: Jane Doe')).toBe(true);
    expect(isCreditLine('Reuters/John Smith')).toBe(true);
    expect(isCreditLine('Getty Images')).toBe(true);
    expect(isCreditLine('Reuters reported the deal.')).toBe(false);
    expect(isCreditLine('Joint Exercises')).toBe(false);
  });

  it('knows the headings that open comments and sidebar sections', () => {
    expect(opensTrailingSection('0 Comments')).toBe('comments');
    expect(opensTrailingSection('Leave a Reply')).toBe('comments');
    expect(opensTrailingSection('LATEST CONTENT')).toBe('sidebar');
    expect(opensTrailingSection('Related articles')).toBe('sidebar');
    expect(opensTrailingSection('Prospects for Future Military Cooperation')).toBeNull();
  });
});

describe('sentence residue', () => {
  it.each([
    ["the most advanced equipment. became. However, the deal was not disclosed.", 'the most advanced equipment. However, the deal was not disclosed.', ['became.']],
    ['Belarus policy has been compromised. cannot be determined.', 'Belarus policy has been compromised.', ['cannot be determined.']],
    ['Use tools, e.g. hammers. Then rest.', 'Use tools, e.g. hammers. Then rest.', []],
    ['Apples, pears etc. and more. Then rest.', 'Apples, pears etc. and more. Then rest.', []],
    ['He said no. It was final.', 'He said no. It was final.', []],
    ['A sentence. followed by a long lower-case clause that is real prose and keeps going on. Next.', 'A sentence. followed by a long lower-case clause that is real prose and keeps going on. Next.', []],
  ])('%j', async (input, output, dropped) => {
    const { dropSentenceResidue } = await import('../../../lambdas/domain/text/clean-blocks.ts');
    expect(dropSentenceResidue(input)).toEqual({ text: output, dropped });
  });
});
