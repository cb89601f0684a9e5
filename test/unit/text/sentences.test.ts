import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../../lambdas/domain/text/sentences.ts';

/** [input, expected sentences]: the tricky cases a news or analysis text throws at a splitter. */
const CASES: [string, string[]][] = [
  ['One. Two.', ['One.', 'Two.']],
  ['Is it? Yes! Fine.', ['Is it?', 'Yes!', 'Fine.']],
  ['Mr. Smith went to Washington. He stayed.', ['Mr. Smith went to Washington.', 'He stayed.']],
  ['Dr. Jones and Prof. Lee met. They talked.', ['Dr. Jones and Prof. Lee met.', 'They talked.']],
  ['Gen. Li Shangfu was appointed. It surprised many.', ['Gen. Li Shangfu was appointed.', 'It surprised many.']],
  ['J. R. R. Tolkien wrote it. Many read it.', ['J. R. R. Tolkien wrote it.', 'Many read it.']],
  ['V. Putin spoke first. Xi replied.', ['V. Putin spoke first.', 'Xi replied.']],
  ['Growth was 3.5% in 2019. It slowed.', ['Growth was 3.5% in 2019.', 'It slowed.']],
  ['It cost $1.8 billion. Prices rose.', ['It cost $1.8 billion.', 'Prices rose.']],
  ['Version 2.0.1 shipped. Users cheered.', ['Version 2.0.1 shipped.', 'Users cheered.']],
  ['The U.S. and China talked. Nothing changed.', ['The U.S. and China talked.', 'Nothing changed.']],
  ['He moved to the U.S. The next year he left.', ['He moved to the U.S.', 'The next year he left.']],
  ['Sanctions by the U.S. Treasury followed.', ['Sanctions by the U.S. Treasury followed.']],
  ['Use tools, e.g. hammers. Then rest.', ['Use tools, e.g. hammers.', 'Then rest.']],
  ['That is, i.e. the plan. It failed.', ['That is, i.e. the plan.', 'It failed.']],
  ['We met at 9 a.m. on Monday. It rained.', ['We met at 9 a.m. on Monday.', 'It rained.']],
  ['It was signed on Feb. 5, 2020. Then it lapsed.', ['It was signed on Feb. 5, 2020.', 'Then it lapsed.']],
  ['The USA is their No. 1 enemy. They say so.', ['The USA is their No. 1 enemy.', 'They say so.']],
  ['"Let\'s drive those changes together." To this he replied, \'I agree.\'', ['"Let\'s drive those changes together."', "To this he replied, 'I agree.'"]],
  ['"Stop!" he shouted. Nobody did.', ['"Stop!" he shouted.', 'Nobody did.']],
  ['"Is it true?" she asked. It was.', ['"Is it true?" she asked.', 'It was.']],
  ['He said "no." Then he left.', ['He said "no."', 'Then he left.']],
  ['It was "a feature, not a bug". Everyone agreed.', ['It was "a feature, not a bug".', 'Everyone agreed.']],
  ['The talks (held in March.) ended. Both sides left.', ['The talks (held in March.) ended.', 'Both sides left.']],
  ['He hesitated... Then he spoke.', ['He hesitated...', 'Then he spoke.']],
  ['He hesitated... and then spoke.', ['He hesitated... and then spoke.']],
  ['Wait… What happened?', ['Wait…', 'What happened?']],
  ['... our American colleagues want it. Others do not.', ['... our American colleagues want it.', 'Others do not.']],
  ['It ended in the year.The next began.', ['It ended in the year.', 'The next began.']],
  ['no punctuation at all in this line', ['no punctuation at all in this line']],
  ['Trailing words without a stop', ['Trailing words without a stop']],
  ['First sentence. trailing fragment', ['First sentence. trailing fragment']],
  ['Apple Inc. makes phones. Samsung Co. The rival.', ['Apple Inc. makes phones.', 'Samsung Co.', 'The rival.']],
  ['Apple Inc. Sales rose.', ['Apple Inc. Sales rose.']],
  ['Visit example.com today. It is free.', ['Visit example.com today.', 'It is free.']],
  ['In 2017 they signed a roadmap. In 2019 they talked.', ['In 2017 they signed a roadmap.', 'In 2019 they talked.']],
  ['See p. 13 of the report. It is clear.', ['See p. 13 of the report.', 'It is clear.']],
  ['A vs. B was close. A won.', ['A vs. B was close.', 'A won.']],
  ['Really?! Yes.', ['Really?!', 'Yes.']],
  ['1945 was the end. 1946 was the start.', ['1945 was the end.', '1946 was the start.']],
  ['Para one ends.\n\nPara two starts', ['Para one ends.', 'Para two starts']],
  ['St. Petersburg is cold. Moscow too.', ['St. Petersburg is cold.', 'Moscow too.']],
  ['They met in Washington, D.C. on Tuesday. It went well.', ['They met in Washington, D.C. on Tuesday.', 'It went well.']],
  ['Он сказал. Она ответила.', ['Он сказал.', 'Она ответила.']],
  ['中俄签署路线图。', ['中俄签署路线图。']],
  ['', []],
];

describe('splitSentences', () => {
  it.each(CASES)('splits %j', (input, expected) => {
    // Act
    const sentences = splitSentences(input);
    // Assess
    expect(sentences).toEqual(expected);
  });

  it('returns exact substrings of the input, in order', () => {
    for (const [input] of CASES) {
      let from = 0;
      for (const s of splitSentences(input)) {
        const at = input.indexOf(s, from);
        expect(at).toBeGreaterThanOrEqual(from);
        from = at + s.length;
      }
    }
  });
});
