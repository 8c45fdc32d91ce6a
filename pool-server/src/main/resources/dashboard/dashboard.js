// Sovereign Pool dashboard: reads /api/v1 every REFRESH_MS and redraws. No framework; Chart.js from the WebJar.
'use strict';

const REFRESH_MS = 5000;
const SATS_PER_BTC = 100000000;
let hashrateWindow = '1h';

// Counted for the headless-browser test (and visible in the DOM for anyone debugging a wall screen).
window.addEventListener('error', () => {
  document.body.dataset.jsErrors = String(Number(document.body.dataset.jsErrors || 0) + 1);
});
let chart = null;

function formatHashrate(h) {
  const units = ['H/s', 'kH/s', 'MH/s', 'GH/s', 'TH/s', 'PH/s', 'EH/s', 'ZH/s'];
  let i = 0;
  while (h >= 1000 && i < units.length - 1) { h /= 1000; i++; }
  return h.toFixed(h >= 100 ? 0 : h >= 10 ? 1 : 2) + ' ' + units[i];
}

function formatBtc(sats) {
  return (sats / SATS_PER_BTC).toFixed(8);
}

function formatMw(mw) {
  return mw >= 100 ? mw.toFixed(1) : mw >= 1 ? mw.toFixed(3) : mw.toFixed(6);
}

// Writes a display text and the raw number (data-value: what tests compare with the API).
function setValue(id, raw, text) {
  const el = document.getElementById(id);
  el.dataset.value = String(raw);
  el.textContent = text === undefined ? String(raw) : text;
}

function cell(tr, text, cls) {
  const td = document.createElement('td');
  td.textContent = text;
  if (cls) td.className = cls;
  tr.appendChild(td);
  return td;
}

function bar(fraction, state) {
  const outer = document.createElement('div');
  outer.className = 'bar';
  const fill = document.createElement('div');
  fill.className = 'fill ' + state;
  fill.style.width = Math.min(100, fraction * 100).toFixed(1) + '%';
  outer.appendChild(fill);
  return outer;
}

async function getJson(path) {
  const r = await fetch(path, { cache: 'no-store' });
  if (!r.ok) throw new Error(path + ': HTTP ' + r.status);
  return r.json();
}

function renderSummary(s) {
  document.getElementById('network').textContent = s.network;
  setValue('pool-hashrate', s.hashrate.m10, formatHashrate(s.hashrate.m10));
  setValue('connections', s.connections);
  setValue('active-workers', s.activeWorkers);
  setValue('shares-accepted', s.shares.accepted);
  setValue('shares-rejected', s.shares.rejected);
  setValue('blocks-found', s.blocks.found);
  setValue('treasury-received', s.treasury.receivedSats, formatBtc(s.treasury.receivedSats) + ' BTC');
  setValue('height', s.job.height === null ? '' : s.job.height, s.job.height === null ? '–' : String(s.job.height));
  const p = s.power;
  setValue('programme-mw', p.drawMw, formatMw(p.drawMw));
  setValue('programme-budget', p.programmeMw, p.programmeMw.toLocaleString('en'));
  setValue('programme-allocated', p.allocatedMw, formatMw(p.allocatedMw));
  const state = p.state.toLowerCase();
  const st = document.getElementById('programme-state');
  st.textContent = state;
  st.className = 'state ' + state;
  const fill = document.getElementById('programme-bar');
  fill.className = 'fill ' + state;
  fill.style.width = Math.min(100, p.fraction * 100).toFixed(2) + '%';
  document.getElementById('treasury-totals').textContent =
    'Received ' + formatBtc(s.treasury.receivedSats) + ' BTC (mature ' + formatBtc(s.treasury.matureSats) +
    ', immature ' + formatBtc(s.treasury.pendingSats) + '); orphaned ' + formatBtc(s.treasury.orphanedSats) +
    ' BTC; ' + s.treasury.receipts + ' receipts in the hash chain.';
}

function renderOperators(ops) {
  const body = document.querySelector('#operators tbody');
  body.replaceChildren();
  for (const o of ops) {
    const tr = document.createElement('tr');
    tr.dataset.operator = o.id;
    tr.dataset.hashrate = String(o.hashrate.m10);
    tr.dataset.drawMw = String(o.drawMw);
    cell(tr, o.name + ' (' + o.id + ')');
    cell(tr, o.sites.join(', '));
    cell(tr, formatHashrate(o.hashrate.m10), 'num');
    cell(tr, String(o.activeWorkers), 'num');
    cell(tr, formatMw(o.drawMw), 'num');
    cell(tr, formatMw(o.allocationMw), 'num');
    cell(tr, '').appendChild(bar(o.fraction, o.state));
    const st = cell(tr, o.state);
    st.className = 'state ' + o.state;
    body.appendChild(tr);
  }
}

function renderBlocks(blocks) {
  const body = document.querySelector('#blocks tbody');
  body.replaceChildren();
  for (const b of blocks) {
    const tr = document.createElement('tr');
    tr.dataset.hash = b.hash;
    cell(tr, String(b.height), 'num');
    const code = document.createElement('code');
    code.textContent = b.hash.substring(0, 16) + '…';
    cell(tr, '').appendChild(code);
    cell(tr, b.operator + '.' + b.worker);
    cell(tr, b.nodeId === undefined ? '–' : String(b.nodeId), 'num');
    cell(tr, new Date(b.foundMillis).toISOString().replace('T', ' ').substring(0, 19));
    cell(tr, formatBtc(b.rewardSats), 'num');
    cell(tr, b.status, 'status-' + b.status);
    cell(tr, b.status === 'orphaned' ? '–' : Math.min(b.confirmations, b.maturity) + ' / ' + b.maturity);
    body.appendChild(tr);
  }
}

// The cluster console's nodes (GET /api/v1/nodes); hidden on a pool node's own dashboard.
function renderNodes(nodes) {
  const panel = document.getElementById('nodes-panel');
  if (nodes === null) { panel.hidden = true; return; }
  panel.hidden = false;
  const body = document.querySelector('#nodes tbody');
  body.replaceChildren();
  for (const n of nodes) {
    const s = n.status;
    const tr = document.createElement('tr');
    tr.dataset.node = String(n.nodeId);
    tr.dataset.state = n.state;
    tr.dataset.connections = String(s.connections);
    tr.dataset.behindPrevhash = String(n.behindPrevhash);
    cell(tr, String(n.nodeId), 'num');
    const st = cell(tr, n.stateText);
    st.className = 'state ' + n.state;
    cell(tr, s.stratumAddresses.join(', '));
    cell(tr, n.live ? String(s.connections) : '–', 'num');
    cell(tr, n.live ? String(s.authorizedWorkers) : '–', 'num');
    cell(tr, n.live ? formatHashrate(s.hashrate10m) : '–', 'num');
    cell(tr, s.jobHeight === null ? '–' : String(s.jobHeight), 'num');
    const ph = cell(tr, s.jobPrevhash === null ? '–' : s.jobPrevhash.substring(0, 16) + '…' +
      (n.behindPrevhash ? ' (behind)' : ''));
    if (n.behindPrevhash) ph.className = 'behind';
    cell(tr, (s.bitcoindHealthy ? 'ok' : 'unhealthy') + ': ' + s.bitcoindDetail);
    cell(tr, String(s.journalLag), 'num');
    cell(tr, s.version);
    body.appendChild(tr);
  }
}

function renderChart(points) {
  const labels = points.map(p => {
    const d = new Date(p.timeMillis);
    return d.toISOString().substring(11, 16);
  });
  const values = points.map(p => p.hashrate);
  const canvas = document.getElementById('hashrate-chart');
  if (chart === null) {
    chart = new Chart(canvas, {
      type: 'line',
      data: { labels, datasets: [{ label: 'Pool hashrate (H/s)', data: values, borderColor: '#58a6ff',
        backgroundColor: 'rgba(88,166,255,0.2)', fill: true, pointRadius: 0, tension: 0.2 }] },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false,
        scales: { y: { beginAtZero: true, ticks: { color: '#8a96a3', callback: v => formatHashrate(v) } },
                  x: { ticks: { color: '#8a96a3', maxTicksLimit: 12 } } },
        plugins: { legend: { labels: { color: '#e6e6e6' } } }
      }
    });
  } else {
    chart.data.labels = labels;
    chart.data.datasets[0].data = values;
    chart.update();
  }
  canvas.dataset.points = String(values.filter(v => v > 0).length);
  // how many sampled pixels the chart painted (0 would mean an empty canvas)
  const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0;
  for (let i = 3; i < pixels.length; i += 64) if (pixels[i] !== 0) painted++;
  canvas.dataset.painted = String(painted);
}

async function refresh() {
  const err = document.getElementById('error');
  try {
    const [summary, operators, blocks, history] = await Promise.all([
      getJson('/api/v1/summary'),
      getJson('/api/v1/operators'),
      getJson('/api/v1/blocks?limit=20'),
      getJson('/api/v1/hashrate?window=' + hashrateWindow)
    ]);
    // only the cluster console has nodes (its summary says role "console"); a pool node's panel stays hidden
    renderNodes(summary.role === 'console' ? await getJson('/api/v1/nodes') : null);
    renderSummary(summary);
    renderOperators(operators);
    renderBlocks(blocks);
    renderChart(history);
    document.getElementById('updated').textContent =
      'updated ' + new Date(summary.timeMillis).toISOString().substring(11, 19) + ' UTC';
    err.hidden = true;
    document.body.dataset.loaded = 'true';
  } catch (e) {
    err.textContent = String(e.message || e);
    err.hidden = false;
  }
}

for (const b of document.querySelectorAll('.buttons button')) {
  b.addEventListener('click', () => {
    hashrateWindow = b.dataset.window;
    for (const o of document.querySelectorAll('.buttons button')) o.classList.toggle('active', o === b);
    refresh();
  });
}

refresh();
setInterval(refresh, REFRESH_MS);
