import { formatPrice, isObjectId, parsePriceInput } from '../src/lib/format';

describe('formatPrice', () => {
  test('When the price is whole dollars, then no decimals are shown', () => {
    expect(formatPrice(20)).toBe('$20');
  });

  test('When the price has cents, then two decimals are shown', () => {
    expect(formatPrice(20.5)).toBe('$20.50');
    expect(formatPrice(0.99)).toBe('$0.99');
  });
});

describe('parsePriceInput', () => {
  test('When the input is dollars with up to 2 decimals, then it is the price', () => {
    expect(parsePriceInput(' 40 ')).toEqual({ price: 40 });
    expect(parsePriceInput('12.5')).toEqual({ price: 12.5 });
    expect(parsePriceInput('12.55')).toEqual({ price: 12.55 });
    expect(parsePriceInput('0.50')).toEqual({ price: 0.5 });
    expect(parsePriceInput('100000')).toEqual({ price: 100_000 });
  });

  test('When the input is empty, not a number, negative, zero or has 3 decimals, then it is an error', () => {
    for (const input of ['', 'abc', '-5', '0', '0.00', '1.999', '1e3', '0.49', '100000.01']) {
      expect(parsePriceInput(input)).toHaveProperty('error');
    }
  });
});

describe('isObjectId', () => {
  test('When the id is 24 hex digits, then it is an ObjectId', () => {
    expect(isObjectId('64b7f0c2a1b2c3d4e5f60718')).toBe(true);
  });

  test('When the id is anything else, then it is not', () => {
    expect(isObjectId('64b7f0c2a1b2c3d4e5f6071')).toBe(false);
    expect(isObjectId('../api/users')).toBe(false);
  });
});
