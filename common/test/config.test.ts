import { z } from 'zod';
import { ConfigError, configFields, loadConfig } from '../src/service';
import { DEFAULT_STREAM_SETTINGS, StreamSettingsEnv, streamSettingsOf } from '../src/bus';

const Schema = z.object({
  PORT: configFields.PORT,
  NATS_URL: configFields.NATS_URL,
  JWT_KEY: configFields.JWT_KEY,
  COOKIE_SECURE: configFields.flag(true),
});

describe('loadConfig', () => {
  test('When several variables are bad, then every one is listed and secrets are not printed', () => {
    const attempt = () => loadConfig(Schema, { PORT: 'eighty', NATS_URL: 'http://x', JWT_KEY: 'short-secret' });

    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      const problems = (error as ConfigError).problems.join('\n');
      expect(problems).toMatch(/PORT/);
      expect(problems).toMatch(/NATS_URL/);
      expect(problems).toMatch(/JWT_KEY: must be at least 32 characters \(set \(hidden\)\)/);
      expect(problems).not.toContain('short-secret');
    }
  });

  test('When a bad URL carries credentials, then the message names the variable without printing them', () => {
    const attempt = () =>
      loadConfig(z.object({ REDIS_URL: configFields.REDIS_URL, MONGO_URI: configFields.MONGO_URI }), {
        REDIS_URL: 'http://:redis-s3cret@127.0.0.1:6379',
        MONGO_URI: 'mongodb://ana:mongo-s3cret@db:27017',
      });

    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      const problems = (error as ConfigError).problems.join('\n');
      expect(problems).toMatch(/REDIS_URL: must be a redis:\/\/ URL \(set \(hidden\)\)/);
      expect(problems).toMatch(/MONGO_URI: .* \(set \(hidden\)\)/);
      expect(problems).not.toMatch(/s3cret/);
    }
  });

  test('When a flag says "false", then it is false (not coerced to true)', () => {
    const config = loadConfig(Schema, {
      PORT: '3000',
      NATS_URL: 'nats://x:4222',
      JWT_KEY: 'k'.repeat(32),
      COOKIE_SECURE: 'false',
    });

    expect(config.COOKIE_SECURE).toBe(false);
    expect(config.PORT).toBe(3000);
    expect(Object.isFrozen(config)).toBe(true);
  });

  test("When the streams CLI's settings are not set, then TICKETING keeps 512 MiB and the archive 30 days and 1 GiB; a limit of 0 is refused", () => {
    expect(streamSettingsOf(loadConfig(StreamSettingsEnv, {}))).toEqual(DEFAULT_STREAM_SETTINGS);
    expect(DEFAULT_STREAM_SETTINGS).toMatchObject({
      replicas: 1,
      maxBytes: 512 * 1024 ** 2,
      archiveMaxAgeSeconds: 30 * 24 * 3600,
      archiveMaxBytes: 1024 ** 3,
    });
    expect(() =>
      loadConfig(StreamSettingsEnv, { NATS_ARCHIVE_MAX_AGE_SECONDS: '0', NATS_STREAM_MAX_BYTES: 'lots' }),
    ).toThrow(/NATS_STREAM_MAX_BYTES[\s\S]*NATS_ARCHIVE_MAX_AGE_SECONDS: must be a positive number of seconds \("0"\)/);
  });

  test('When HOST and TRUSTED_PROXY_HOPS are not set, then a service listens on loopback behind one proxy; bad values are refused', () => {
    const Network = z.object({ HOST: configFields.HOST, TRUSTED_PROXY_HOPS: configFields.TRUSTED_PROXY_HOPS });

    expect(loadConfig(Network, {})).toEqual({ HOST: '127.0.0.1', TRUSTED_PROXY_HOPS: 1 });
    expect(loadConfig(Network, { HOST: '0.0.0.0', TRUSTED_PROXY_HOPS: '0' })).toEqual({
      HOST: '0.0.0.0',
      TRUSTED_PROXY_HOPS: 0,
    });
    expect(() => loadConfig(Network, { HOST: 'everywhere', TRUSTED_PROXY_HOPS: 'true' })).toThrow(
      /HOST: must be an IP address[\s\S]*TRUSTED_PROXY_HOPS/,
    );
    expect(() => loadConfig(Network, { TRUSTED_PROXY_HOPS: '-1' })).toThrow(/TRUSTED_PROXY_HOPS: must be 0 to 10/);
  });
});
