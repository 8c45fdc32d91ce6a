// Sovereign Pool public transparency page: reads /api/v1/public every REFRESH_MS and redraws. No framework.
'use strict';

const REFRESH_MS = 30000;
const SATS_PER_BTC = 100000000;

// Counted for the headless-browser test.
window.addEventListener('error', () => {
  document.body.dataset.jsErrors = String(Number(document.body.dataset.jsErrors || 0) + 1);
});

function formatBtc(sats) {
  return (sats / SATS_PER_BTC).toFixed(8);
}

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

function short(hash) {
  return hash ? hash.slice(0, 16) + '…' : '';
}

function render(r) {
  const p = r.programme;
  document.getElementById('network').textContent = r.network;
  setValue('received', p.receivedSats, formatBtc(p.receivedSats));
  setValue('mature', p.matureSats, formatBtc(p.matureSats));
  setValue('blocks-found', p.blocksFound);
  setValue('blocks-by-status', [p.blocksPending, p.blocksMature, p.blocksOrphaned].join('/'),
    p.blocksPending + ' / ' + p.blocksMature + ' / ' + p.blocksOrphaned);
  setValue('operators', p.operators);
  setValue('allocated', p.allocatedMw, p.allocatedMw.toFixed(1) + ' of ' + p.programmeMw.toFixed(0));

  const t = r.treasury;
  setValue('treasury-kind', t.kind, t.kind === 'descriptor' ? 'a fresh address per block of the output descriptor' : 'the address');
  document.getElementById('treasury-payee').textContent = t.payee;
  document.getElementById('treasury-keys').textContent = t.keys > 1
    ? t.threshold + ' of ' + t.keys + ' keys must sign to spend; the pool holds public keys only.'
    : 'One key; the pool holds no private key.';
  setValue('head-id', r.receiptHead.lastId, 'receipt ' + r.receiptHead.lastId);
  document.getElementById('head-hash').textContent = r.receiptHead.lastHash;

  const note = document.getElementById('energy-note');
  note.dataset.status = r.energy.status;
  note.textContent = 'Energy: ' + r.energy.status + ' (' + r.energy.note + ')';
  const months = document.querySelector('#months tbody');
  months.replaceChildren();
  for (const m of r.months) {
    const tr = document.createElement('tr');
    tr.dataset.month = m.month;
    cell(tr, m.month);
    cell(tr, String(m.blocks), 'num');
    cell(tr, formatBtc(m.sats), 'num').dataset.value = String(m.sats);
    cell(tr, m.energyMwh === null ? '–' : m.energyMwh.toFixed(3), 'num');
    months.appendChild(tr);
  }

  const receipts = document.querySelector('#receipts tbody');
  receipts.replaceChildren();
  for (const x of r.receipts) {
    const tr = document.createElement('tr');
    tr.dataset.receipt = String(x.id);
    tr.dataset.hash = x.blockHash;
    cell(tr, String(x.id), 'num');
    cell(tr, String(x.height), 'num');
    const h = cell(tr, short(x.blockHash));
    h.title = x.blockHash;
    cell(tr, x.status, 'status-' + x.status.toLowerCase());
    cell(tr, formatBtc(x.amountSats), 'num').dataset.value = String(x.amountSats);
    const to = cell(tr, x.paidTo === null ? '–' : x.paidTo + (x.treasuryIndex >= 0 ? ' (index ' + x.treasuryIndex + ')' : ''), 'wrap');
    to.dataset.value = x.paidTo === null ? '' : x.paidTo;
    const e = cell(tr, short(x.entryHash));
    e.title = x.entryHash;
    receipts.appendChild(tr);
  }

  const anchors = document.querySelector('#anchors tbody');
  anchors.replaceChildren();
  for (const a of r.anchors) {
    const tr = document.createElement('tr');
    tr.dataset.anchor = a.blockHash;
    tr.dataset.verified = a.verified === null ? 'unknown' : String(a.verified);
    cell(tr, String(a.height), 'num');
    const h = cell(tr, short(a.blockHash));
    h.title = a.blockHash;
    cell(tr, a.receiptId >= 0 ? String(a.receiptId) : '–', 'num');
    cell(tr, a.verified === null ? 'not checked' : a.verified ? 'yes' : 'NO',
      a.verified === null ? 'verified-unknown' : a.verified ? 'verified-yes' : 'verified-no');
    cell(tr, a.detail + ' (' + a.checkedAgainst + ')');
    anchors.appendChild(tr);
  }
  document.getElementById('updated').textContent = 'updated ' + new Date(r.generatedMillis).toISOString();
}

async function refresh() {
  const error = document.getElementById('error');
  try {
    const r = await fetch('/api/v1/public?limit=100', { cache: 'no-store' });
    if (!r.ok) throw new Error('/api/v1/public: HTTP ' + r.status);
    render(await r.json());
    error.hidden = true;
    document.body.dataset.loaded = 'true';
  } catch (e) {
    error.textContent = String(e.message || e);
    error.hidden = false;
  }
}

refresh();
setInterval(refresh, REFRESH_MS);
