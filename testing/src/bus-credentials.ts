import {
  BUS_SERVICES,
  busCredentialsFromEnv,
  newBusCredentials,
  type BusCredentials,
  type BusService,
  type BusUser,
} from '@ticketing/local';
import type { BusLogin } from '@ticketing/common';

let ownCredentials: BusCredentials | undefined;

/**
 * The bus credentials every NATS server of this jest run accepts (TEST_BUS_CREDENTIALS, from the harness's global
 * setup), or, outside the harness, one set made for this process; the test kit's servers are all started with them.
 */
export function testBusCredentials(): BusCredentials {
  return busCredentialsFromEnv() ?? (ownCredentials ??= newBusCredentials());
}

/** How `user` logs in to a test server (the test kit's connections are `testkit`, unrestricted). */
export function testBusLogin(user: BusUser): BusLogin {
  return { user, password: testBusCredentials().passwords[user] };
}

/** NATS_USER and NATS_PASSWORD of `service` on the test servers: what a service started by a test gets. */
export function busLoginEnv(service: BusService): { NATS_USER: string; NATS_PASSWORD: string } {
  const { user, password } = testBusLogin(service);
  return { NATS_USER: user, NATS_PASSWORD: password };
}

/** The bus service a process name stands for (`orders`, `orders-2`, `auth-1` → orders, orders, auth), if any. */
export function busServiceOf(name: string): BusService | undefined {
  return BUS_SERVICES.find((service) => name === service || name.startsWith(`${service}-`));
}
