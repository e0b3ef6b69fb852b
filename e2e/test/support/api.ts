/** A tiny client of the public API through the gateway, keeping one user's session cookie. */
export class ApiUser {
  private cookie = '';

  constructor(private readonly baseUrl: string) {}

  async call<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: T }> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...headers,
        ...(body !== undefined && { 'content-type': 'application/json' }),
        ...(this.cookie && { cookie: this.cookie }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0] ?? '';
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON (a gateway error page): keep the text
    }
    return { status: res.status, body: parsed as T };
  }

  /** Another client holding this one's cookie as it is now: what a copied (stolen) cookie is. */
  copy(): ApiUser {
    const copy = new ApiUser(this.baseUrl);
    copy.cookie = this.cookie;
    return copy;
  }

  /** Signs in an existing account and keeps the session. */
  static async signedIn(baseUrl: string, credentials: { email: string; password: string }): Promise<ApiUser> {
    const user = new ApiUser(baseUrl);
    const res = await user.call('POST', '/api/users/signin', credentials);
    if (res.status !== 200) throw new Error(`signin failed: ${res.status} ${JSON.stringify(res.body)}`);
    return user;
  }

  /** Signs up a fresh user and keeps the session. */
  static async signedUp(baseUrl: string): Promise<ApiUser> {
    const user = new ApiUser(baseUrl);
    const email = `user-${Math.random().toString(36).slice(2, 10)}@example.com`;
    const res = await user.call('POST', '/api/users/signup', { email, password: 'correct horse battery' });
    if (res.status !== 201) throw new Error(`signup failed: ${res.status} ${JSON.stringify(res.body)}`);
    return user;
  }
}

export interface Ticket {
  id: string;
  status: 'available' | 'reserved' | 'sold' | 'withdrawn';
  version: number;
  orderId?: string;
}
export interface Order {
  id: string;
  status: string;
  expiresAt: string;
}
