import { splitErrors } from '../src/lib/field-errors';

describe('splitErrors', () => {
  const FIELDS = ['title', 'price'];

  test('When errors name the form fields, then each goes beside its field', () => {
    const errors = [
      { message: 'Title is required', field: 'title' },
      { message: 'Price must be greater than 0', field: 'price' },
      { message: 'Price has at most 2 decimals', field: 'price' },
    ];

    const split = splitErrors(errors, FIELDS);

    expect(split.byField).toEqual({
      title: ['Title is required'],
      price: ['Price must be greater than 0', 'Price has at most 2 decimals'],
    });
    expect(split.general).toEqual([]);
  });

  test('When an error has no field, then it goes to the alert box', () => {
    const split = splitErrors([{ message: 'Ticket is reserved' }], FIELDS);

    expect(split).toEqual({ byField: {}, general: ['Ticket is reserved'] });
  });

  test('When an error names a field the form does not show, then it goes to the alert box', () => {
    const split = splitErrors([{ message: 'Unknown key', field: 'userId' }], FIELDS);

    expect(split).toEqual({ byField: {}, general: ['Unknown key'] });
  });

  test('When a nested path starts with a form field, then it goes beside that field', () => {
    const split = splitErrors([{ message: 'Too small', field: 'price.amount' }], FIELDS);

    expect(split.byField).toEqual({ price: ['Too small'] });
  });
});
