/**
 * The shopper's cart as this page keeps it. The server's cart view trails its 202s by a moment, so
 * the page shows its own optimistic state ({@code lines}) and syncs it to the server in the
 * background, one call at a time and in order: {@code synced} is what the server has accepted.
 * A changed quantity is an add of the difference, or a remove and an add when it goes down.
 * If the server has lost the cart or it was checked out elsewhere, a new cart takes the lines over.
 */
import { Api, ApiError } from './api.js';
import { randomId } from './format.js';

const STORAGE_KEY = 'pipeline-goods.cart';
export const MAX_QUANTITY = 99;

function load() {
  try {
    const saved = JSON.parse(localStorage.getItem(STORAGE_KEY));
    if (saved && typeof saved === 'object') {
      return { cartId: saved.cartId ?? null, lines: saved.lines ?? {}, synced: saved.synced ?? {},
        checkoutKey: saved.checkoutKey ?? null };
    }
  } catch { /* start afresh */ }
  return { cartId: null, lines: {}, synced: {}, checkoutKey: null };
}

const state = load();
const listeners = new Set();
let queue = Promise.resolve();
let pending = 0;
let lastError = null;

function save() {
  localStorage.setItem(STORAGE_KEY, JSON.stringify(state));
}

function notify() {
  for (const listener of listeners) listener(snapshot());
}

export function snapshot() {
  return {
    cartId: state.cartId,
    lines: { ...state.lines },
    count: Object.values(state.lines).reduce((sum, q) => sum + q, 0),
    saving: pending > 0,
    error: lastError,
  };
}

export function subscribe(listener) {
  listeners.add(listener);
  listener(snapshot());
  return () => listeners.delete(listener);
}

export function quantityOf(sku) {
  return state.lines[sku] ?? 0;
}

/** Sets the wanted quantity of a line (0 removes it); resolves when the server has accepted it. */
export function setQuantity(sku, quantity) {
  const q = Math.max(0, Math.min(MAX_QUANTITY, Math.trunc(quantity)));
  if (q === 0) delete state.lines[sku];
  else state.lines[sku] = q;
  lastError = null;
  save();
  notify();
  return enqueue(() => sync(sku));
}

export function add(sku, quantity = 1) {
  return setQuantity(sku, quantityOf(sku) + quantity);
}

/** Resolves once every change made so far has been accepted by the server (or failed). */
export function settled() {
  return queue;
}

function enqueue(task) {
  pending++;
  notify();
  const run = queue.then(task);
  queue = run.catch(() => {}).finally(() => {
    pending--;
    notify();
  });
  return run;
}

async function ensureCart() {
  if (!state.cartId) {
    const { cartId } = await Api.openCart();
    state.cartId = cartId;
    state.synced = {};
    state.checkoutKey = null;
    save();
  }
  return state.cartId;
}

function lostCart(error) {
  return error instanceof ApiError
    && (error.status === 409 || (error.status === 404 && /unknown cart/.test(error.problem.detail ?? '')));
}

/** Brings one line of the server's cart to the wanted quantity; on a lost cart, moves to a new one. */
async function sync(sku) {
  try {
    await syncLine(await ensureCart(), sku);
  } catch (error) {
    if (!lostCart(error)) {
      // The server refused (or could not be reached): show what it has, and say why.
      if (state.synced[sku]) state.lines[sku] = state.synced[sku];
      else delete state.lines[sku];
      lastError = error;
      save();
      throw error;
    }
    state.cartId = null;
    const cartId = await ensureCart();
    for (const line of Object.keys(state.lines)) {
      await syncLine(cartId, line);
    }
  }
}

async function syncLine(cartId, sku) {
  const wanted = state.lines[sku] ?? 0;
  const had = state.synced[sku] ?? 0;
  if (wanted === had) return;
  if (wanted < had) {
    await Api.removeItem(cartId, sku);
    delete state.synced[sku];
    save();
  }
  const missing = wanted - (state.synced[sku] ?? 0);
  if (missing > 0) {
    await Api.addItem(cartId, sku, missing);
    state.synced[sku] = wanted;
    save();
  }
}

/**
 * Checks the cart out once every change is saved. The Idempotency-Key is kept with the cart, so
 * submitting again (after a lost answer, say) can only ever give the same order.
 */
export async function checkout(customer) {
  await settled();
  // A change the server refused was rolled back in the page: what is shown is what is ordered.
  lastError = null;
  if (!state.cartId || Object.keys(state.lines).length === 0) {
    throw new ApiError(400, { detail: 'Your cart is empty.' });
  }
  if (!state.checkoutKey) {
    state.checkoutKey = randomId();
    save();
  }
  const accepted = await Api.checkout(state.cartId, state.checkoutKey, customer);
  state.cartId = null;
  state.lines = {};
  state.synced = {};
  state.checkoutKey = null;
  save();
  notify();
  return accepted;
}
