const formats = new Map();

/** Integer cents as money, e.g. 1450 EUR → €14.50. */
export function money(cents, currency = 'EUR') {
  let format = formats.get(currency);
  if (!format) {
    try {
      format = new Intl.NumberFormat('en-IE', { style: 'currency', currency });
    } catch {
      format = { format: (value) => `${value.toFixed(2)} ${currency}` };
    }
    formats.set(currency, format);
  }
  return format.format(cents / 100);
}

export function availability(available) {
  if (available <= 0) return { text: 'Out of stock', tone: 'out' };
  if (available <= 5) return { text: `Only ${available} left`, tone: 'low' };
  return { text: `${available} in stock`, tone: 'ok' };
}

/** A random id that also works outside secure contexts (crypto.randomUUID needs https or localhost). */
export function randomId() {
  if (globalThis.crypto?.randomUUID) {
    try {
      return crypto.randomUUID();
    } catch { /* not a secure context */ }
  }
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
