import { codeUnits, jsonNestingDepth, MAX_JSON_DEPTH } from '../../src/http/json-depth';
import { jsonErrorPosition } from '../../src/http/json-error-position';

const bytes = (s: string) => Buffer.from(s, 'utf8');

describe('jsonNestingDepth', () => {
  it.each([
    ['1', 0],
    ['{}', 1],
    ['{"a":[1,{"b":[]}]}', 4],
    ['[[],[],[[]]]', 3],
    ['{"a":"[[[{{{"}', 1],
    ['{"a":"quote \\" then [[["}', 1],
    ['{"a":"backslash \\\\"}[[', 2],
    ['{"é😀":["ü[", "]"]}', 2],
    ['{"a":' + '['.repeat(20_000), 20_001],
    [']]]]{', 1],
  ])('%s nests %i levels, in UTF-8 bytes and UTF-16 code units alike', (text, depth) => {
    expect(jsonNestingDepth(bytes(text))).toBe(depth);
    expect(jsonNestingDepth(codeUnits(text))).toBe(depth);
  });
});

describe('jsonErrorPosition on deep texts', () => {
  it('names where a text went past the depth bound instead of recursing into it', () => {
    // A raw line break ends a string for jsonc-parser: the brackets after it are structure to it.
    const text = '{"a":"\n' + '['.repeat(200_000);
    expect(jsonErrorPosition(text)).toEqual({
      line: 2,
      column: MAX_JSON_DEPTH,
      reason: `nested deeper than ${MAX_JSON_DEPTH} levels`,
    });
  });

  it('still locates ordinary slips within the bound', () => {
    expect(jsonErrorPosition('{"a":[1,2,]}')).toEqual({ line: 1, column: 11, reason: 'value expected' });
  });
});
