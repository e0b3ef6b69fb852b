import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * The key under which per-address limits count a client (`req.ip`, already resolved through the trusted proxies):
 * - an IPv4 address as it is;
 * - an IPv4-mapped IPv6 address (`::ffff:203.0.113.7`, what a dual-stack socket reports) as that IPv4 address, so
 *   one client is one key however it connected;
 * - any other IPv6 address as its /64 prefix (`2001:db8:1:2::/64`): a subscriber is given a whole /64 and may rotate
 *   through its 2^64 addresses at will, so counting each address would be no limit at all.
 * Anything that is not an IP address (undefined behind a misconfigured proxy) is `unknown`, one shared key.
 */
export function clientAddressKey(ip: string | undefined): string {
  if (!ip || isIP(ip) === 0) return 'unknown';
  const address = ipaddr.process(ip);
  if (address.kind() === 'ipv4') return address.toString();
  const prefix = (address as ipaddr.IPv6).parts.slice(0, 4).map((part) => part.toString(16));
  return `${prefix.join(':')}::/64`;
}
