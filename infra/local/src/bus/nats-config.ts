// nats-server's authorization block made from the permission table: what the local launcher writes for every server
// it starts, and what infra/k8s's NATS config must contain (a test compares them), so code and manifest agree.
import { randomBytes } from 'node:crypto';
import { BUS_USERS, busPermissions, type BusUser } from './bus-permissions';

/** Every bus user's password, and the password the nodes of a cluster use on their routes. */
export interface BusCredentials {
  readonly passwords: Readonly<Record<BusUser, string>>;
  readonly routePassword: string;
}

/** Fresh random credentials (base64url: safe in a quoted config string and in a URL). */
export function newBusCredentials(): BusCredentials {
  const secret = (): string => randomBytes(24).toString('base64url');
  const passwords = Object.fromEntries(BUS_USERS.map((user) => [user, secret()])) as Record<BusUser, string>;
  return { passwords, routePassword: secret() };
}

/**
 * How a password is written: a literal (the local launcher), or a `$VARIABLE` that nats-server reads from its
 * environment (Kubernetes, where the passwords come from Secrets and the config from a ConfigMap).
 */
export type PasswordSource = (user: BusUser) => { literal: string } | { env: string };

/** `NATS_PASSWORD_AUTH`, `NATS_PASSWORD_OPERATOR`…: the variable a Kubernetes NATS pod gets each password in. */
export function passwordVariable(user: BusUser): string {
  return `NATS_PASSWORD_${user.toUpperCase()}`;
}

const quote = (value: string): string => JSON.stringify(value);
const list = (values: readonly string[], indent: string): string =>
  `[\n${values.map((v) => `${indent}  ${quote(v)}`).join(',\n')}\n${indent}]`;

/**
 * The `authorization { users = [...] }` block for `users` (default every bus user): one entry per user with its
 * password and, for a service, its publish and subscribe allow-lists. No user means no anonymous access: a
 * connection without a known user and password is refused.
 */
export function natsAuthorizationBlock(password: PasswordSource, users: readonly BusUser[] = BUS_USERS): string {
  const permissions = busPermissions();
  const entries = users.map((user) => {
    const source = password(user);
    const secret = 'literal' in source ? quote(source.literal) : `$${source.env}`;
    const rights = permissions[user];
    const lines = [`    {`, `      user: ${quote(user)}`, `      password: ${secret}`];
    if (rights) {
      lines.push(
        `      permissions: {`,
        `        publish: { allow: ${list(rights.publish, '        ')} }`,
        `        subscribe: { allow: ${list(rights.subscribe, '        ')} }`,
        `      }`,
      );
    }
    lines.push(`    }`);
    return lines.join('\n');
  });
  return `authorization {\n  users = [\n${entries.join('\n')}\n  ]\n}\n`;
}

/** The cluster block of one node: where it listens for routes, the routes' user, and every node's route. */
export interface ClusterSettings {
  readonly name: string;
  readonly listen: string;
  readonly routes: readonly string[];
  readonly routePassword: string;
}

/** The user every node authenticates its routes with (routes are not bus users and get no client rights). */
export const ROUTE_USER = 'route';

/** A node's `cluster { }` block: routes accepted only with the route user's password, and dialled with it. */
export function natsClusterBlock(cluster: ClusterSettings): string {
  const withUser = (url: string): string =>
    url.replace('://', `://${ROUTE_USER}:${encodeURIComponent(cluster.routePassword)}@`);
  return [
    `cluster {`,
    `  name: ${quote(cluster.name)}`,
    `  listen: ${quote(cluster.listen)}`,
    `  authorization { user: ${quote(ROUTE_USER)}, password: ${quote(cluster.routePassword)} }`,
    `  routes: ${list(cluster.routes.map(withUser), '  ')}`,
    `}`,
    '',
  ].join('\n');
}

/** The local config file of one server: the users with literal passwords, and the cluster block of a node. */
export function localNatsConfig(credentials: BusCredentials, cluster?: Omit<ClusterSettings, 'routePassword'>): string {
  const auth = natsAuthorizationBlock((user) => ({ literal: credentials.passwords[user] }));
  return cluster ? `${auth}${natsClusterBlock({ ...cluster, routePassword: credentials.routePassword })}` : auth;
}
