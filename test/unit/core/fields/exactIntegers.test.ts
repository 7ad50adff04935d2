/**
 * quoteLongIntegers / parseKeepingDigits (src/core/fields/exactIntegers.ts): only integer literals of 16 digits or
 * more, outside strings, become strings of their digits; strings (with escapes), fractions, exponents and short
 * numbers are untouched; groupValue uses them only for an integer JSON.parse rounded (issue #15, item 3).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseKeepingDigits, quoteLongIntegers } from '../../../../src/core/fields/exactIntegers.ts';
import { compilePath } from '../../../../src/core/fields/path.ts';
import { groupValue } from '../../../../src/core/fields/textView.ts';

test('quoteLongIntegers: long integer literals only, never inside strings, fractions or exponents', () => {
  const cases: [string, string][] = [
    ['{"id":12345678901234567891}', '{"id":"12345678901234567891"}'],
    ['[-9007199254740993, 9007199254740993]', '["-9007199254740993", "9007199254740993"]'],
    ['{"a":123456789012345}', '{"a":123456789012345}'], // 15 digits: an exact double
    [
      '{"s":"12345678901234567891","t":"\\"12345678901234567891"}',
      '{"s":"12345678901234567891","t":"\\"12345678901234567891"}',
    ],
    [
      '{"x":1234567890123456789.5,"y":12345678901234567e3,"z":1E400}',
      '{"x":1234567890123456789.5,"y":12345678901234567e3,"z":1E400}',
    ],
    ['{"k\\\\":12345678901234567891}', '{"k\\\\":"12345678901234567891"}'],
    ['{"a":true,"b":null,"c":[1,2]}', '{"a":true,"b":null,"c":[1,2]}'],
  ];
  for (const [input, want] of cases) assert.equal(quoteLongIntegers(input), want, input);
  assert.deepEqual(parseKeepingDigits('{"id":12345678901234567891,"n":1}'), {
    id: '12345678901234567891',
    n: 1,
  });
  assert.equal(parseKeepingDigits('{"id":'), undefined);
});

test('groupValue: an integer above 2^53 takes its digits from the source; other values as before', () => {
  const p = compilePath('m.id');
  const src = '{"m":{"id":12345678901234567891},"f":1.5}';
  const value = JSON.parse(src);
  assert.equal(groupValue(value, p), String(12345678901234567891)); // no source: the double, as before
  assert.equal(groupValue(value, p, src), '12345678901234567891');
  assert.equal(groupValue(value, compilePath('f'), src), '1.5');
  // written with an exponent: read as the double it denotes (documented)
  const e = '{"m":{"id":1.2345678901234567891e19}}';
  assert.equal(groupValue(JSON.parse(e), p, e), String(1.2345678901234567891e19));
});
