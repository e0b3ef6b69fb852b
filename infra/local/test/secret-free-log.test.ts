import { secretFreeLog, withoutCredentials } from '../src/secret-free-log';

describe('withoutCredentials', () => {
  test('When a line holds URLs with credentials, then each loses its userinfo and keeps where it points', () => {
    const line =
      'redis ready at redis://:s3cr3t-Pw_x@127.0.0.1:6379 (pid 1); MongoDB: mongodb://ana:p%40ss@db1:27017,db2:27017/orders?replicaSet=rs0';

    expect(withoutCredentials(line)).toBe(
      'redis ready at redis://127.0.0.1:6379 (pid 1); MongoDB: mongodb://db1:27017,db2:27017/orders?replicaSet=rs0',
    );
  });

  test('When a line holds no credentials, then it is unchanged', () => {
    const line = 'nats ready at nats://127.0.0.1:4222 (pid 2); seller demo-seller@ticketing.dev; see http://x/a@b';

    expect(withoutCredentials(line)).toBe(line);
  });
});

describe('secretFreeLog', () => {
  test('When a line is logged, then it is printed without credentials', () => {
    const printed: string[] = [];

    secretFreeLog((line) => printed.push(line))('redis ready at redis://:pw@127.0.0.1:1');

    expect(printed).toEqual(['redis ready at redis://127.0.0.1:1']);
  });
});
