/** The storefront page: a hash router and its views. No build step: plain ES modules. */
import { Api, ApiError, NetworkError } from './api.js';
import * as cart from './cart.js';
import { h, mount } from './dom.js';
import { availability, money } from './format.js';
import { isFinal, watchOrder } from './order-stream.js';

const main = document.getElementById('main');
let cleanup = () => {};
let firstView = true;

// ---------- shell: cart badge, offline banner, router ----------

cart.subscribe(({ count }) => {
  document.getElementById('cart-count').textContent = String(count);
  document.getElementById('cart-link').setAttribute('aria-label', `Cart, ${count} item${count === 1 ? '' : 's'}`);
});

const banner = document.getElementById('connection-banner');
function showOffline() {
  banner.hidden = navigator.onLine;
  banner.textContent = navigator.onLine ? '' : 'You are offline. The page will catch up when the connection is back.';
}
window.addEventListener('online', showOffline);
window.addEventListener('offline', showOffline);
showOffline();

const routes = [
  [/^#?\/?$/, catalogView],
  [/^#\/product\/(.+)$/, (sku) => productView(decodeURIComponent(sku))],
  [/^#\/cart$/, cartView],
  [/^#\/checkout$/, checkoutView],
  [/^#\/order\/([0-9a-fA-F-]{36})$/, orderView],
];

function route() {
  cleanup();
  cleanup = () => {};
  const hash = location.hash || '#/';
  for (const [pattern, view] of routes) {
    const match = hash.match(pattern);
    if (match) {
      const result = view(...match.slice(1));
      Promise.resolve(result).then((dispose) => {
        if (typeof dispose === 'function') cleanup = dispose;
      });
      return;
    }
  }
  show('Page not found', h('p', {}, 'There is nothing here. ', h('a', { href: '#/' }, 'See the products.')));
}
window.addEventListener('hashchange', route);
route();

/** Puts a view in place with its heading focused, so keyboard and screen-reader users land on it. */
function show(title, ...content) {
  document.title = `${title} · Pipeline Goods`;
  const heading = h('h1', { tabindex: '-1', id: 'page-title' }, title);
  mount(main, heading, ...content);
  if (!firstView) heading.focus();
  firstView = false;
  window.scrollTo(0, 0);
}

function errorBox(error, retry) {
  const text = error instanceof NetworkError ? error.message
    : error instanceof ApiError ? `${error.problem.title ?? 'Error'}: ${error.message}` : String(error);
  return h('div', { class: 'notice error', role: 'alert' },
    h('p', {}, text),
    retry && h('button', { type: 'button', class: 'button secondary', onclick: retry }, 'Try again'));
}

function loading(title) {
  show(title, h('p', { class: 'loading', role: 'status' }, 'Loading…'));
}

function stockBadge(available) {
  const { text, tone } = availability(available);
  return h('span', { class: `stock stock-${tone}`, 'data-available': available }, text);
}

async function catalog() {
  const products = await Api.products();
  return new Map(products.map((p) => [p.sku, p]));
}

// ---------- catalog ----------

async function catalogView() {
  loading('Products');
  let products;
  try {
    products = await Api.products();
  } catch (error) {
    show('Products', errorBox(error, route));
    return;
  }
  const grid = h('ul', { class: 'grid', 'aria-label': 'Products' }, products.map(productCard));
  show('Products', h('p', { class: 'lead' }, 'Everything below ships from stock that the pipeline reserves for you.'), grid);
}

function productCard(product) {
  const out = product.available <= 0;
  const status = h('span', { class: 'add-status', role: 'status' });
  const button = h('button', {
    type: 'button', class: 'button add', disabled: out,
    'aria-label': out ? `${product.name}: out of stock` : `Add ${product.name} to cart`,
    onclick: () => addToCart(product, 1, button, status),
  }, out ? 'Out of stock' : 'Add to cart');
  return h('li', { class: `card${out ? ' is-out' : ''}`, 'data-sku': product.sku },
    h('h2', { class: 'card-title' }, h('a', { href: `#/product/${encodeURIComponent(product.sku)}` }, product.name)),
    h('p', { class: 'card-description' }, product.description),
    h('div', { class: 'card-meta' },
      h('span', { class: 'price' }, money(product.priceCents, product.currency)), stockBadge(product.available)),
    h('div', { class: 'card-actions' }, button, status));
}

async function addToCart(product, quantity, button, status) {
  if (cart.quantityOf(product.sku) + quantity > cart.MAX_QUANTITY) {
    status.textContent = `At most ${cart.MAX_QUANTITY} per line.`;
    status.className = 'add-status error';
    return;
  }
  button.disabled = true;
  status.className = 'add-status';
  status.textContent = 'Adding…';
  try {
    await cart.add(product.sku, quantity);
    status.textContent = `In cart: ${cart.quantityOf(product.sku)}`;
  } catch (error) {
    status.className = 'add-status error';
    status.textContent = error.message;
  } finally {
    button.disabled = false;
  }
}

// ---------- product detail ----------

async function productView(sku) {
  loading('Product');
  let product;
  try {
    product = await Api.product(sku);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      show('Product not found', h('p', {}, `There is no product ${sku}. `, h('a', { href: '#/' }, 'See all products.')));
    } else {
      show('Product', errorBox(error, route));
    }
    return;
  }
  const out = product.available <= 0;
  const status = h('span', { class: 'add-status', role: 'status' });
  const quantity = h('input', { id: 'quantity', name: 'quantity', type: 'number', inputmode: 'numeric', min: 1,
    max: cart.MAX_QUANTITY, value: '1', required: true, disabled: out, class: 'qty-input' });
  const button = h('button', { type: 'submit', class: 'button add', disabled: out }, out ? 'Out of stock' : 'Add to cart');
  const form = h('form', { class: 'add-form', novalidate: true, onsubmit: (event) => {
    event.preventDefault();
    const q = quantity.valueAsNumber;
    if (!Number.isInteger(q) || q < 1 || q > cart.MAX_QUANTITY) {
      status.className = 'add-status error';
      status.textContent = `Choose a quantity from 1 to ${cart.MAX_QUANTITY}.`;
      quantity.focus();
      return;
    }
    addToCart(product, q, button, status);
  } },
  h('label', { for: 'quantity' }, 'Quantity'), quantity, button, status);
  show(product.name,
    h('p', { class: 'back' }, h('a', { href: '#/' }, '← All products')),
    h('article', { class: 'product-detail', 'data-sku': product.sku },
      h('p', { class: 'sku' }, `SKU ${product.sku}`),
      h('p', { class: 'description' }, product.description || 'No description yet.'),
      h('p', { class: 'detail-meta' }, h('span', { class: 'price big' }, money(product.priceCents, product.currency)),
        stockBadge(product.available)),
      form));
}

// ---------- cart ----------

async function cartView() {
  loading('Your cart');
  let products;
  try {
    products = await catalog();
  } catch (error) {
    show('Your cart', errorBox(error, route));
    return;
  }
  const list = h('div', { class: 'cart' });
  show('Your cart', list);
  const render = (snapshot) => renderCart(list, snapshot, products);
  return cart.subscribe(render);
}

function renderCart(container, snapshot, products) {
  const key = JSON.stringify(snapshot.lines);
  if (container.dataset.lines !== key || snapshot.error !== container.lastError) {
    container.dataset.lines = key;
    container.lastError = snapshot.error;
    renderLines(container, snapshot, products);
  }
  const saveState = container.querySelector('#save-state');
  if (saveState) {
    saveState.textContent = snapshot.saving ? 'Saving your cart…' : 'All changes saved.';
    saveState.classList.toggle('saving', snapshot.saving);
  }
}

/** Re-renders the lines, keeping keyboard focus on the same control (or its row's quantity). */
function renderLines(container, snapshot, products) {
  const focused = document.activeElement?.dataset?.focus;
  const skus = Object.keys(snapshot.lines);
  if (skus.length === 0) {
    mount(container, h('p', { class: 'empty' }, 'Your cart is empty. ', h('a', { href: '#/' }, 'Find something you like.')),
      snapshot.error && errorBox(snapshot.error));
  } else {
    let total = 0;
    let currency = 'EUR';
    const rows = skus.map((sku) => {
      const product = products.get(sku) ?? { sku, name: sku, priceCents: 0, currency, available: 0 };
      const quantity = snapshot.lines[sku];
      total += product.priceCents * quantity;
      currency = product.currency;
      return cartRow(product, quantity);
    });
    mount(container,
      h('ul', { class: 'cart-lines', 'aria-label': 'Cart lines' }, rows),
      h('div', { class: 'cart-summary' },
        h('p', { class: 'total' }, 'Total ', h('strong', { id: 'cart-total' }, money(total, currency))),
        h('p', { class: 'save-state', role: 'status', id: 'save-state' }),
        snapshot.error && errorBox(snapshot.error),
        h('a', { class: 'button primary', href: '#/checkout', id: 'to-checkout' }, 'Check out')));
  }
  if (focused) {
    const sku = focused.slice(focused.indexOf(':') + 1);
    const target = [focused, `qty:${sku}`]
      .map((k) => container.querySelector(`[data-focus="${CSS.escape(k)}"]`))
      .find((el) => el && !el.disabled);
    (target ?? container.querySelector('#to-checkout') ?? document.getElementById('page-title'))?.focus();
  }
}

function cartRow(product, quantity) {
  const id = `qty-${product.sku}`;
  const input = h('input', { id, type: 'number', inputmode: 'numeric', min: 1, max: cart.MAX_QUANTITY,
    value: String(quantity), class: 'qty-input', 'aria-describedby': `${id}-note`, 'data-focus': `qty:${product.sku}`,
    onchange: (event) => {
      const q = event.target.valueAsNumber;
      if (Number.isInteger(q) && q >= 1 && q <= cart.MAX_QUANTITY) {
        cart.setQuantity(product.sku, q).catch(() => {});
      } else {
        event.target.value = String(cart.quantityOf(product.sku));
        note.textContent = `Choose a quantity from 1 to ${cart.MAX_QUANTITY}, or remove the line.`;
        note.className = 'line-note error';
      }
    } });
  const warning = quantity > product.available
    ? (product.available <= 0 ? 'Out of stock: this line will be rejected.'
      : `Only ${product.available} in stock: the order may be rejected.`) : '';
  const note = h('p', { class: `line-note${warning ? ' warn' : ''}`, id: `${id}-note`, 'aria-live': 'polite' }, warning);
  const row = h('li', { class: 'cart-line', 'data-sku': product.sku },
    h('div', { class: 'line-name' },
      h('a', { href: `#/product/${encodeURIComponent(product.sku)}` }, product.name),
      h('span', { class: 'unit' }, `${money(product.priceCents, product.currency)} each`)),
    h('div', { class: 'line-qty' },
      h('button', { type: 'button', class: 'button icon', 'aria-label': `One less ${product.name}`, disabled: quantity <= 1,
        'data-focus': `minus:${product.sku}`,
        onclick: () => cart.setQuantity(product.sku, quantity - 1).catch(() => {}) }, '−'),
      h('label', { for: id, class: 'visually-hidden' }, `Quantity of ${product.name}`),
      input,
      h('button', { type: 'button', class: 'button icon', 'aria-label': `One more ${product.name}`,
        disabled: quantity >= cart.MAX_QUANTITY, 'data-focus': `plus:${product.sku}`,
        onclick: () => cart.setQuantity(product.sku, quantity + 1).catch(() => {}) }, '+')),
    h('p', { class: 'line-total' }, money(product.priceCents * quantity, product.currency)),
    h('button', { type: 'button', class: 'button link remove', 'aria-label': `Remove ${product.name}`,
      'data-focus': `remove:${product.sku}`,
      onclick: () => cart.setQuantity(product.sku, 0).catch(() => {}) }, 'Remove'),
    note);
  return row;
}

// ---------- checkout ----------

const EMAIL_PATTERN = '[^@\\s]+@[^@\\s]+\\.[^@\\s]+';

async function checkoutView() {
  const snapshot = cart.snapshot();
  if (snapshot.count === 0) {
    show('Checkout', h('p', { class: 'empty' }, 'Your cart is empty. ', h('a', { href: '#/' }, 'Find something you like.')));
    return;
  }
  loading('Checkout');
  let products;
  try {
    products = await catalog();
  } catch (error) {
    show('Checkout', errorBox(error, route));
    return;
  }
  const lines = Object.entries(snapshot.lines);
  const currency = products.get(lines[0][0])?.currency ?? 'EUR';
  const total = lines.reduce((sum, [sku, q]) => sum + (products.get(sku)?.priceCents ?? 0) * q, 0);
  const summary = h('section', { class: 'summary', 'aria-labelledby': 'summary-title' },
    h('h2', { id: 'summary-title' }, 'Your order'),
    h('ul', {}, lines.map(([sku, q]) => h('li', {}, h('span', {}, `${q} × ${products.get(sku)?.name ?? sku}`),
      h('span', {}, money((products.get(sku)?.priceCents ?? 0) * q, currency))))),
    h('p', { class: 'total' }, 'Total ', h('strong', {}, money(total, currency))),
    h('p', { class: 'fine' }, 'Prices are confirmed from the catalog when the order is placed.'));

  const name = field('name', 'Full name', { type: 'text', autocomplete: 'name', required: true, maxlength: 200 });
  const email = field('email', 'Email', { type: 'email', autocomplete: 'email', required: true, maxlength: 254,
    pattern: EMAIL_PATTERN, inputmode: 'email', spellcheck: 'false', autocapitalize: 'off' },
  'We send the order confirmation here.');
  const formError = h('div', { id: 'form-error', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'button primary', id: 'place-order' }, 'Place order');
  const form = h('form', { class: 'checkout-form', novalidate: true, 'aria-labelledby': 'details-title',
    onsubmit: (event) => placeOrder(event, { name, email }, formError, submit) },
  h('h2', { id: 'details-title' }, 'Your details'), name.wrapper, email.wrapper, formError, submit);
  for (const f of [name, email]) {
    // Not when leaving for the submit button: the message would move the button between the
    // press and the release and swallow the click; submitting validates anyway.
    f.input.addEventListener('blur', (event) => event.relatedTarget !== submit && f.input.value && validate(f));
    f.input.addEventListener('input', () => f.input.getAttribute('aria-invalid') === 'true' && validate(f));
  }
  show('Checkout', h('p', { class: 'back' }, h('a', { href: '#/cart' }, '← Back to cart')),
    h('div', { class: 'checkout' }, form, summary));
}

function field(id, label, attributes, hint) {
  const input = h('input', { id, name: id, ...attributes, 'aria-describedby': `${id}-error${hint ? ` ${id}-hint` : ''}` });
  const error = h('p', { class: 'field-error', id: `${id}-error` });
  const wrapper = h('div', { class: 'field' }, h('label', { for: id }, label), hint && h('p', { class: 'hint', id: `${id}-hint` }, hint),
    input, error);
  return { id, input, error, wrapper };
}

/** The browser's constraint validation (required, type=email, pattern, maxlength) with our own words. */
function validate(f, serverMessage) {
  const { input, error } = f;
  input.value = input.value.trim();
  let message = serverMessage ?? '';
  if (!message && !input.checkValidity()) {
    const v = input.validity;
    if (v.valueMissing) message = f.id === 'email' ? 'Enter your email address.' : 'Enter your name.';
    else if (v.typeMismatch || v.patternMismatch) message = 'Enter an email address like name@example.com.';
    else if (v.tooLong) message = `Use at most ${input.maxLength} characters.`;
    else message = input.validationMessage;
  }
  input.setCustomValidity(serverMessage ?? '');
  input.setAttribute('aria-invalid', message ? 'true' : 'false');
  error.textContent = message;
  return !message;
}

async function placeOrder(event, fields, formError, submit) {
  event.preventDefault();
  mount(formError);
  const results = Object.values(fields).map((f) => validate(f));
  if (results.includes(false)) {
    Object.values(fields).find((f) => f.input.getAttribute('aria-invalid') === 'true').input.focus();
    return;
  }
  submit.disabled = true;
  submit.textContent = 'Placing your order…';
  try {
    const accepted = await cart.checkout({ name: fields.name.input.value, email: fields.email.input.value });
    if (accepted.traceUrl) localStorage.setItem(`trace:${accepted.orderId}`, accepted.traceUrl);
    location.hash = `#/order/${accepted.orderId}`;
  } catch (error) {
    submit.disabled = false;
    submit.textContent = 'Place order';
    const byField = { 'customer.email': fields.email, 'customer.name': fields.name };
    let shown = false;
    if (error instanceof ApiError) {
      for (const { field: path, message } of error.fieldErrors) {
        if (byField[path]) {
          validate(byField[path], `${message[0].toUpperCase()}${message.slice(1)}.`);
          byField[path].input.focus();
          shown = true;
        }
      }
    }
    if (!shown) mount(formError, errorBox(error));
  }
}

// ---------- order ----------

const STATUS_TEXT = {
  PENDING: ['Reserving your items…', 'Your order is in. We are checking the stock for every line.'],
  CONFIRMED: ['Confirmed', 'Thank you! Every item is reserved and your order is on its way.'],
  REJECTED: ['Rejected', 'We could not place this order and nothing was charged.'],
  CANCELLED: ['Cancelled', 'This order was cancelled and nothing was charged.'],
};

const CONNECTION_TEXT = {
  loading: 'Connecting…',
  live: 'Live',
  reconnecting: 'Connection lost, reconnecting…',
  polling: 'Live updates unavailable; checking every few seconds',
  done: '',
  missing: '',
};

function explain(reason, products) {
  if (!reason) return '';
  const [code, rest = ''] = reason.split(/:\s*/, 2);
  const names = rest.split(/,\s*/).filter(Boolean).map((sku) => products.get(sku)?.name ?? sku).join(', ');
  switch (code) {
    case 'OUT_OF_STOCK': return `Not enough stock for: ${names}.`;
    case 'UNKNOWN_PRODUCT': return `No longer sold: ${names}.`;
    case 'EXPIRED': return `It was not confirmed in time (${names}).`;
    case 'EMPTY_CART': return 'The cart was empty when it was checked out.';
    case 'ALREADY_CHECKED_OUT': return `This cart had already been checked out, as order ${rest}.`;
    default: return reason;
  }
}

async function orderView(orderId) {
  let products = new Map();
  try {
    products = await catalog();
  } catch { /* names fall back to SKUs */ }
  const statusPanel = h('section', { class: 'status-panel status-PENDING', id: 'order-status', 'data-status': 'PENDING',
    'aria-live': 'polite', 'aria-atomic': 'true' },
  h('p', { class: 'status-title' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), 'Looking up your order…'));
  const connection = h('p', { class: 'connection', id: 'connection', role: 'status' });
  const details = h('div', { class: 'order-details' });
  // the checkout's trace (from its X-Trace-Url), when this browser placed the order and a trace UI is configured
  const traceUrl = localStorage.getItem(`trace:${orderId}`);
  show(`Order ${orderId.slice(0, 8)}`, statusPanel, connection, details,
    traceUrl && h('p', { class: 'fine' }, h('a', { href: traceUrl, id: 'order-trace', target: '_blank', rel: 'noopener' },
      'See this order’s trace')),
    h('p', {}, h('a', { href: '#/', class: 'button secondary' }, 'Continue shopping')));

  return watchOrder(orderId, {
    onState: (state) => {
      connection.textContent = CONNECTION_TEXT[state] ?? '';
      connection.dataset.state = state;
      if (state === 'missing') {
        mount(statusPanel, h('p', { class: 'status-title' }, 'Order not found'),
          h('p', {}, 'We cannot find this order. If you just placed it, reload the page in a moment.'));
      }
    },
    onOrder: (order) => renderOrder(order, statusPanel, details, products),
  });
}

function renderOrder(order, panel, details, products) {
  const [title, text] = STATUS_TEXT[order.status] ?? [order.status, ''];
  panel.className = `status-panel status-${order.status}`;
  panel.dataset.status = order.status;
  mount(panel,
    h('p', { class: 'status-title' }, !isFinal(order.status) && h('span', { class: 'spinner', 'aria-hidden': 'true' }),
      h('span', { class: 'status-badge', id: 'status-badge' }, order.status), ' ', title),
    h('p', {}, text),
    order.reason && h('p', { class: 'reason', id: 'order-reason' }, explain(order.reason, products), ' ',
      h('code', {}, order.reason)));
  mount(details,
    h('table', { class: 'order-lines' },
      h('caption', { class: 'visually-hidden' }, 'Order lines'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Item'), h('th', { scope: 'col' }, 'Qty'),
        h('th', { scope: 'col' }, 'Price'), h('th', { scope: 'col' }, 'Total'))),
      h('tbody', {}, order.lines.map((line) => h('tr', {},
        h('td', {}, products.get(line.sku)?.name ?? line.sku),
        h('td', {}, line.quantity),
        h('td', {}, money(line.unitPriceCents, order.currency)),
        h('td', {}, money(line.unitPriceCents * line.quantity, order.currency))))),
      h('tfoot', {}, h('tr', {}, h('th', { scope: 'row', colspan: 3 }, 'Total'),
        h('td', { id: 'order-total' }, money(order.totalCents, order.currency))))),
    h('p', { class: 'fine' }, `Order ${order.orderId} · placed ${new Date(order.createdAt).toLocaleString('en-GB')}`));
}
