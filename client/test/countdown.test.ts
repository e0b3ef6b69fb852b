import { formatCountdown, secondsLeft } from '../src/lib/countdown';

describe('secondsLeft', () => {
  const expiresAt = '2030-01-01T00:15:00.000Z';
  const deadline = Date.parse(expiresAt);

  test('When the deadline is 15 minutes away, then 900 seconds are left', () => {
    expect(secondsLeft(expiresAt, deadline - 900_000)).toBe(900);
  });

  test('When part of a second is left, then it rounds up so 0 only means expired', () => {
    expect(secondsLeft(expiresAt, deadline - 1)).toBe(1);
    expect(secondsLeft(expiresAt, deadline - 1_500)).toBe(2);
  });

  test('When the deadline has passed, then 0 is left, never a negative number', () => {
    expect(secondsLeft(expiresAt, deadline)).toBe(0);
    expect(secondsLeft(expiresAt, deadline + 60_000)).toBe(0);
  });

  test('When expiresAt is a Date, then it counts the same as its ISO string', () => {
    expect(secondsLeft(new Date(expiresAt), deadline - 30_000)).toBe(30);
  });

  test('When expiresAt is not a date, then the order counts as expired', () => {
    expect(secondsLeft('not a date', deadline)).toBe(0);
  });
});

describe('formatCountdown', () => {
  test('When seconds are left, then it says how many', () => {
    expect(formatCountdown(899)).toBe('You have 899 seconds left to order');
  });

  test('When one second is left, then the noun is singular', () => {
    expect(formatCountdown(1)).toBe('You have 1 second left to order');
  });

  test('When no time is left, then it says the order expired', () => {
    expect(formatCountdown(0)).toBe('Order expired');
    expect(formatCountdown(-3)).toBe('Order expired');
  });
});
