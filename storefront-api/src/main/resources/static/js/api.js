/** The storefront REST API (docs/api.md) as the page uses it. */

/** A 4xx/5xx answer; {@code problem} is the RFC 9457 body when there is one. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `The store answered ${status}.`);
    this.status = status;
    this.problem = problem ?? {};
  }

  /** The {field, message} validation errors of a 400. */
  get fieldErrors() {
    return Array.isArray(this.problem.errors) ? this.problem.errors : [];
  }
}

/** The request never got an answer (offline, server down). */
export class NetworkError extends Error {
  constructor() {
    super('The store cannot be reached right now. Check your connection and try again.');
  }
}

const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export async function request(method, path, { body, headers, traced = false } = {}) {
  for (let attempt = 1; ; attempt++) {
    let response;
    try {
      response = await fetch(path, {
        method,
        cache: 'no-store',
        headers: {
          Accept: 'application/json',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new NetworkError();
    }
    const text = await response.text();
    let json = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch { /* not JSON */ }
    if (response.ok) {
      // the storefront names the request's trace when a trace UI is configured (X-Trace-Url)
      if (traced && json && response.headers.get('X-Trace-Url')) json.traceUrl = response.headers.get('X-Trace-Url');
      return json;
    }
    // 503 means nothing was changed (Kafka or MongoDB briefly away): safe to retry, even a write.
    if (response.status === 503 && attempt < 3) {
      const seconds = Number(response.headers.get('Retry-After')) || 1;
      await wait(Math.min(seconds, 5) * 1000);
      continue;
    }
    throw new ApiError(response.status, json);
  }
}

const enc = encodeURIComponent;

export const Api = {
  products: () => request('GET', '/api/products'),
  product: (sku) => request('GET', `/api/products/${enc(sku)}`),
  openCart: () => request('POST', '/api/carts'),
  addItem: (cartId, sku, quantity) => request('POST', `/api/carts/${enc(cartId)}/items`, { body: { sku, quantity } }),
  removeItem: (cartId, sku) => request('DELETE', `/api/carts/${enc(cartId)}/items/${enc(sku)}`),
  checkout: (cartId, idempotencyKey, customer) => request('POST', `/api/carts/${enc(cartId)}/checkout`,
    { body: { customer }, headers: { 'Idempotency-Key': idempotencyKey }, traced: true }),
  order: (orderId) => request('GET', `/api/orders/${enc(orderId)}`),
  orderEventsUrl: (orderId) => `/api/orders/${enc(orderId)}/events`,
};
