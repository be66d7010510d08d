// Operator page: polls GET /api/ops/lag every 2 s and shows each consumer group.
const REFRESH_MS = 2000;
const HISTORY = 90; // points of the sparkline (3 minutes at 2 s)
const history = new Map(); // group -> [lagMessages]

const el = (tag, attrs = {}, ...children) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) e.append(c);
  return e;
};

const seconds = (s) => (s >= 120 ? `${(s / 60).toFixed(1)} min` : `${s.toFixed(1)} s`);

function sparkline(values) {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('class', 'spark');
  svg.setAttribute('viewBox', `0 0 ${HISTORY} 40`);
  svg.setAttribute('preserveAspectRatio', 'none');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', 'lag in messages, last minutes');
  const max = Math.max(1, ...values);
  const line = document.createElementNS(ns, 'polyline');
  line.setAttribute('points', values.map((v, i) => `${i + HISTORY - values.length},${38 - (v / max) * 36}`).join(' '));
  svg.append(line);
  return svg;
}

function renderGroup(g) {
  const points = history.get(g.group) ?? [];
  points.push(g.lagMessages);
  if (points.length > HISTORY) points.shift();
  history.set(g.group, points);

  const rows = g.partitions.map((p) => el('tr', {},
    el('td', {}, `${p.topic}-${p.partition}`),
    el('td', {}, String(p.committedOffset)),
    el('td', {}, String(p.endOffset)),
    el('td', p.lag > 0 ? { class: 'lagging' } : {}, String(p.lag)),
    el('td', {}, seconds(p.lagSeconds)),
    el('td', {}, el('span', { class: `status ${p.status}` }, p.status))));
  const table = el('table', {},
    el('thead', {}, el('tr', {}, ...['partition', 'committed', 'end', 'lag', 'lag seconds', 'status'].map((h) => el('th', {}, h)))),
    el('tbody', {}, ...rows));

  return el('section', { class: 'group' },
    el('h2', {}, g.group, el('span', { class: `status ${g.status}` }, g.status)),
    el('div', { class: 'figures' },
      el('div', { class: 'figure' }, el('b', {}, String(g.lagMessages)), el('span', {}, 'messages behind')),
      el('div', { class: 'figure' }, el('b', {}, seconds(g.lagSeconds)), el('span', {}, 'oldest unconsumed record')),
      el('div', { class: 'figure' }, el('b', {}, String(g.members)), el('span', {}, `members (${g.state.toLowerCase()})`)),
      el('div', { class: 'figure' }, sparkline(points), el('span', {}, 'messages behind, last 3 min'))),
    g.partitions.length ? table : el('p', { class: 'meta' }, 'No committed offsets yet.'));
}

// The figures need the admin token (Authorization: Bearer); it is kept for this tab only. Without
// one, or after a 401, the page asks for it and polls again once it is given.
const TOKEN_KEY = 'pipeline-ops.token';
const tokenForm = document.getElementById('token-form');
let timer;

function askForToken(message) {
  document.getElementById('token-message').textContent = message;
  tokenForm.hidden = false;
  document.getElementById('token').focus();
}

tokenForm.addEventListener('submit', (event) => {
  event.preventDefault();
  sessionStorage.setItem(TOKEN_KEY, document.getElementById('token').value.trim());
  tokenForm.hidden = true;
  refresh();
});

async function refresh() {
  clearTimeout(timer);
  const error = document.getElementById('error');
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (!token) {
    askForToken('The lag figures are for operators: enter the admin token.');
    return;
  }
  try {
    const response = await fetch('/api/ops/lag', {
      headers: { Accept: 'application/json', Authorization: `Bearer ${token}` }, cache: 'no-store' });
    if (response.status === 401) {
      sessionStorage.removeItem(TOKEN_KEY);
      askForToken('That token was refused; enter the admin token.');
      return;
    }
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const body = await response.json();
    document.getElementById('groups').replaceChildren(...body.groups.map(renderGroup));
    document.getElementById('observed').textContent = body.observedAt
      ? `Last poll of Kafka: ${new Date(body.observedAt).toLocaleTimeString()}.` : 'Waiting for the first poll of Kafka…';
    error.hidden = true;
  } catch (e) {
    error.textContent = `Cannot read /api/ops/lag: ${e.message}`;
    error.hidden = false;
  }
  timer = setTimeout(refresh, REFRESH_MS);
}

refresh();
