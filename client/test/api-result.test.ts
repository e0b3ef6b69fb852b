import { NO_RESPONSE, parseErrorBody, toApiResult, unreachable } from '../src/lib/api-result';

describe('toApiResult', () => {
  test('When the status is 2xx, then the parsed body is the data', () => {
    const result = toApiResult<{ id: string }>(201, '{"id":"abc"}');

    expect(result).toEqual({ ok: true, status: 201, data: { id: 'abc' } });
  });

  test('When the API sends the DESIGN error shape, then the errors are kept with their fields', () => {
    const body = JSON.stringify({ errors: [{ message: 'Email in use', field: 'email' }, { message: 'Nope' }] });

    const result = toApiResult(400, body);

    expect(result).toEqual({
      ok: false,
      status: 400,
      errors: [{ message: 'Email in use', field: 'email' }, { message: 'Nope' }],
    });
  });

  test('When a proxy answers with HTML, then there is still one readable message', () => {
    const result = toApiResult(502, '<html>Bad Gateway</html>');

    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors).toEqual([
      { message: 'Something went wrong on our side. Please try again in a moment.' },
    ]);
  });

  test('When a 401 has no body, then it asks the user to sign in', () => {
    const result = toApiResult(401, '');

    expect(!result.ok && result.errors[0]?.message).toBe('Please sign in first.');
  });
});

describe('parseErrorBody', () => {
  test('When an entry has no string message, then the body is not the error shape', () => {
    expect(parseErrorBody({ errors: [{ msg: 'x' }] })).toBeNull();
    expect(parseErrorBody({ errors: [] })).toBeNull();
    expect(parseErrorBody('oops')).toBeNull();
  });
});

describe('unreachable', () => {
  test('When no answer arrived, then the status is 0 and the message is friendly', () => {
    const result = unreachable();

    expect(result.status).toBe(NO_RESPONSE);
    expect(!result.ok && result.errors[0]?.message).toMatch(/cannot be reached/);
  });
});
