/**
 * Follows an order until it is final: first GET /api/orders/{id} (a new order answers 404 for a
 * moment, so that is retried), then the server-sent events of /api/orders/{id}/events. EventSource
 * reconnects by itself; while it does, the state is 'reconnecting'. If the stream keeps failing, it
 * falls back to polling GET /api/orders/{id}.
 *
 * onOrder(order) gets every new view; onState(state) one of: 'loading', 'live', 'reconnecting',
 * 'polling', 'done', 'missing'.
 */
import { Api, ApiError } from './api.js';

const MAX_STREAM_FAILURES = 4;
const POLL_MS = 2000;
const MISSING_AFTER_MS = 30000;

export const isFinal = (status) => status !== 'PENDING';

export function watchOrder(orderId, { onOrder, onState }) {
  let source = null;
  let timer = null;
  let failures = 0;
  let stopped = false;
  let mode = 'loading';
  const started = Date.now();

  const setState = (state) => {
    if (!stopped || state === 'done') onState(state);
  };

  const deliver = (order) => {
    if (stopped) return;
    onOrder(order);
    if (isFinal(order.status)) {
      stop();
      onState('done');
    }
  };

  const later = (fn, ms) => {
    clearTimeout(timer);
    timer = setTimeout(fn, ms);
  };

  async function first() {
    try {
      const order = await Api.order(orderId);
      deliver(order);
      if (!stopped) stream();
    } catch (error) {
      if (stopped) return;
      if (error instanceof ApiError && error.status === 404) {
        if (Date.now() - started > MISSING_AFTER_MS) {
          setState('missing');
          return;
        }
        setState('loading');
        later(first, 300);
      } else {
        setState('reconnecting');
        later(first, 1500);
      }
    }
  }

  function stream() {
    mode = 'stream';
    source = new EventSource(Api.orderEventsUrl(orderId));
    source.addEventListener('open', () => {
      failures = 0;
      setState('live');
    });
    source.addEventListener('status', (event) => {
      failures = 0;
      setState('live');
      deliver(JSON.parse(event.data));
    });
    source.addEventListener('error', () => {
      if (stopped) return;
      failures++;
      if (failures >= MAX_STREAM_FAILURES) {
        source.close();
        poll();
      } else if (source.readyState === EventSource.CLOSED) {
        // The server refused the stream (not 200): try again shortly.
        setState('reconnecting');
        later(() => { if (!stopped) stream(); }, 1000 * failures);
      } else {
        setState('reconnecting'); // EventSource is reconnecting by itself
      }
    });
  }

  async function poll() {
    mode = 'polling';
    setState('polling');
    try {
      deliver(await Api.order(orderId));
    } catch {
      /* still away; keep polling */
    }
    if (!stopped) later(poll, POLL_MS);
  }

  const online = () => {
    if (mode === 'polling' && !stopped) later(poll, 0);
  };
  window.addEventListener('online', online);

  function stop() {
    stopped = true;
    clearTimeout(timer);
    source?.close();
    window.removeEventListener('online', online);
  }

  first();
  return stop;
}
