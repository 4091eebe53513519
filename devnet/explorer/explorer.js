// The devnet explorer: reads the explorer server's JSON API (which asks the nodes' own interfaces) and
// redraws every REFRESH_MS. Plain DOM, no build step.
const REFRESH_MS = 2000;
const BLOCKS = 30;

const $ = (id) => document.getElementById(id);
const short = (hex, n = 12) => (hex ? `${hex.slice(0, n)}…` : '');
// Status amounts are base units as decimal strings (docs/protocol.md §16.4); 1 FAI = 10^8.
const fai = (units) => {
  const v = BigInt(units);
  const frac = (v % 100000000n).toString().padStart(8, '0').replace(/0+$/, '');
  return frac ? `${v / 100000000n}.${frac}` : `${v / 100000000n}`;
};
const el = (tag, attrs = {}, ...children) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return e;
};

async function getJson(path) {
  const r = await fetch(path, { cache: 'no-store' });
  if (!r.ok) throw new Error(`${path}: HTTP ${r.status}`);
  return r.json();
}

function renderBlocks({ height, blocks }) {
  $('ledger-height').textContent = String(height);
  const rows = blocks.map((b) =>
    el(
      'tr',
      { 'data-height': String(b.height) },
      el('td', {}, b.height),
      el('td', {}, el('code', { title: b.hash }, short(b.hash, 16))),
      el('td', {}, b.txs),
      el('td', {}, ...b.ops.map((o) => el('span', { class: 'op', title: o.txid }, o.name ?? `op ${o.op}`))),
    ),
  );
  $('blocks').replaceChildren(...rows);
}

function renderChart(blocks, winners) {
  const svg = $('chart');
  const ns = 'http://www.w3.org/2000/svg';
  const data = [...blocks].reverse();
  const max = Math.max(1e-8, ...data.map((b) => b.ops.reduce((s, o) => s + o.paid, 0)));
  const w = 600 / Math.max(1, data.length);
  const nodes = [];
  data.forEach((b, i) => {
    const paid = b.ops.reduce((s, o) => s + o.paid, 0);
    const h = (paid / max) * 140;
    const r = document.createElementNS(ns, 'rect');
    r.setAttribute('x', String(i * w + 1));
    r.setAttribute('y', String(150 - h));
    r.setAttribute('width', String(Math.max(1, w - 2)));
    r.setAttribute('height', String(h));
    r.setAttribute('data-height', String(b.height));
    nodes.push(r);
    if (winners.has(b.height)) {
      const c = document.createElementNS(ns, 'circle');
      c.setAttribute('cx', String(i * w + w / 2));
      c.setAttribute('cy', '155');
      c.setAttribute('r', '3');
      nodes.push(c);
    }
  });
  svg.replaceChildren(...nodes);
}

function renderStatus(s) {
  $('inference-height').textContent = String(s.inference?.height ?? '–');
  $('certified').textContent = String(s.inference?.certified ?? '–');
  $('penalised').textContent = String(s.inference?.penalised ?? '–');
  const e = s.election;
  if (e) {
    $('election-summary').textContent =
      `ledger block ${e.ledgerHeight} (${short(e.ledgerHash)}): ${e.commits.length} commit(s), winner ${e.winner ?? 'none (empty tenure)'}`;
    $('commits').replaceChildren(
      ...e.commits.map((c) =>
        el(
          'tr',
          { class: c.producer === e.winner ? 'winner' : '' },
          el('td', {}, c.producer),
          el('td', {}, fai(c.bid)),
          el('td', {}, c.producer === e.winner ? 'winner' : ''),
        ),
      ),
    );
  }
  $('verifiers').replaceChildren(
    ...(s.verifiers ?? []).map((v) => el('tr', {}, el('td', {}, v.principal), el('td', {}, v.stake))),
  );
}

const winners = new Set();
async function refresh() {
  try {
    const blocks = await getJson(`/api/ledger/blocks?count=${BLOCKS}`);
    renderBlocks(blocks);
    let status = null;
    try {
      status = await getJson('/api/inference/status');
    } catch {
      // no inference node answers yet: the ledger part still shows
    }
    if (status) {
      renderStatus(status);
      if (status.election?.winner) winners.add(status.election.ledgerHeight);
    }
    renderChart(blocks.blocks, winners);
    $('updated').textContent = `updated ${new Date().toLocaleTimeString()}`;
    document.body.dataset.ready = 'true';
  } catch (e) {
    $('updated').textContent = `refresh failed: ${e.message}`;
  }
  setTimeout(refresh, REFRESH_MS);
}

$('tx-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const id = $('tx-id').value.trim();
  try {
    $('tx-result').textContent = JSON.stringify(await getJson(`/api/tx/${id}`), null, 2);
  } catch (e) {
    $('tx-result').textContent = e.message;
  }
});

refresh();
