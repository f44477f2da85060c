/**
 * A browser without JavaScript for setting the benchmark up: keeps cookies, follows redirects and posts
 * forms with the CSRF token of the last page, through Fastify's `inject` (no sockets). It is the test
 * client's little sibling without the DOM: enough to walk a journey and sign in.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

export interface InjectPage {
  status: number;
  url: string;
  body: string;
}

export class InjectClient {
  private readonly cookies = new Map<string, string>();
  csrf: string | undefined;

  constructor(private readonly server: FastifyInstance) {}

  cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  private remember(response: LightMyRequestResponse): void {
    for (const cookie of response.cookies as { name: string; value: string; maxAge?: number }[]) {
      if (cookie.value === '' || cookie.maxAge === 0) this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
  }

  async request(method: 'GET' | 'POST', url: string, form?: Record<string, string | string[]>) {
    let current = url;
    let currentMethod = method;
    let payload: string | undefined;
    if (form) {
      const body = new URLSearchParams();
      for (const [name, value] of Object.entries({ _csrf: this.csrf ?? '', ...form }))
        for (const item of [value].flat()) body.append(name, item);
      payload = body.toString();
    }
    for (let hops = 0; hops < 10; hops++) {
      const response = await this.server.inject({
        method: currentMethod,
        url: current,
        headers: {
          ...(this.cookies.size > 0 ? { cookie: this.cookieHeader() } : {}),
          ...(payload !== undefined ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
        payload,
      });
      this.remember(response);
      if (response.statusCode >= 300 && response.statusCode < 400 && response.headers.location) {
        const target = new URL(String(response.headers.location), `http://plaza.bench${current}`);
        current = target.pathname + target.search;
        currentMethod = 'GET';
        payload = undefined;
        continue;
      }
      const token = /name="_csrf"\s+value="([^"]+)"/.exec(response.body)?.[1];
      if (token) this.csrf = token;
      return { status: response.statusCode, url: current, body: response.body } satisfies InjectPage;
    }
    throw new Error(`Too many redirects from ${url}`);
  }

  get(url: string): Promise<InjectPage> {
    return this.request('GET', url);
  }

  post(url: string, form: Record<string, string | string[]> = {}): Promise<InjectPage> {
    return this.request('POST', url, form);
  }
}

/** Walks the bulky waste journey up to check your answers; returns the draft's id. */
export async function prepareBulkyWasteDraft(client: InjectClient, today: Date): Promise<string> {
  const expect = (page: InjectPage, pattern: RegExp, step: string): InjectPage => {
    if (!pattern.test(page.url) || page.status !== 200)
      throw new Error(`Journey step "${step}" ended at ${page.url} with status ${page.status}`);
    return page;
  };
  await client.get('/services/bulky-waste-collection/apply');
  const first = expect(
    await client.post('/services/bulky-waste-collection/apply', { items: ['sofa', 'mattress'] }),
    /^\/apply\/[0-9a-f-]{36}\/item-count$/,
    'items',
  );
  const draftPath = first.url.replace(/\/item-count$/, '');
  expect(await client.post(`${draftPath}/item-count`, { item_count: '2' }), /collection-address$/, 'count');
  expect(
    await client.post(`${draftPath}/collection-address`, {
      'collection_address-line1': '12 Harbour Road',
      'collection_address-town': 'Demo City',
      'collection_address-postcode': 'DC4 7QP',
    }),
    /item-location$/,
    'address',
  );
  expect(
    await client.post(`${draftPath}/item-location`, { item_location: 'kerbside' }),
    /preferred-date$/,
    'location',
  );
  // Two weeks ahead: inside the service's 3-day to 6-week window, and still valid when sent.
  const date = new Date(today.getTime() + 14 * 86_400_000);
  expect(
    await client.post(`${draftPath}/preferred-date`, {
      'preferred_date-day': String(date.getUTCDate()),
      'preferred_date-month': String(date.getUTCMonth() + 1),
      'preferred_date-year': String(date.getUTCFullYear()),
    }),
    /email$/,
    'date',
  );
  expect(await client.post(`${draftPath}/email`, { email: 'resident@example.org' }), /phone$/, 'email');
  const check = expect(
    await client.post(`${draftPath}/phone`, { phone: '0300 555 0199' }),
    /check$/,
    'phone',
  );
  if (!check.body.includes('Check your answers'))
    throw new Error('The journey did not reach check your answers');
  return draftPath.split('/')[2] as string;
}
