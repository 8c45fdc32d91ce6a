'use strict';
// Energy and curtailment panels (README: Energy and curtailment): today's energy per operator and site from
// GET /api/v1/energy, the curtailment orders with their compliance from GET /api/v1/curtailments.

function energyCell(tr, text, cls) {
  const td = document.createElement('td');
  td.textContent = text;
  if (cls) td.className = cls;
  tr.appendChild(td);
  return td;
}

function energyNum(v, digits) {
  return v === null || v === undefined ? '–' : Number(v).toFixed(digits);
}

async function refreshEnergy() {
  try {
    const day = 86400000;
    const from = Math.floor(Date.now() / day) * day;
    const [energy, curtailments] = await Promise.all([
      fetch('/api/v1/energy?granularity=day&from=' + from, { cache: 'no-store' }).then(r => r.json()),
      fetch('/api/v1/curtailments?minutes=false', { cache: 'no-store' }).then(r => r.json())
    ]);
    const body = document.querySelector('#energy tbody');
    body.replaceChildren();
    for (const r of energy.rows || []) {
      const tr = document.createElement('tr');
      energyCell(tr, r.operatorId);
      energyCell(tr, r.site);
      energyCell(tr, energyNum(r.estimatedMwh, 3), 'num');
      energyCell(tr, energyNum(r.meteredMwh, 3), 'num');
      energyCell(tr, energyNum(r.licensedJPerTh, 1), 'num');
      const eff = energyCell(tr, energyNum(r.realisedJPerTh, 2), 'num');
      if (r.offLicence) eff.className = 'num state over';
      energyCell(tr, (r.earnedSats / 1e8).toFixed(8), 'num');
      energyCell(tr, energyNum(r.btcPerMwh, 8), 'num');
      energyCell(tr, energyNum(r.miningMinusPower, 2) + (r.miningMinusPower === null ? '' : ' ' + energy.currency),
        'num');
      body.appendChild(tr);
    }
    const orders = document.querySelector('#curtailments tbody');
    orders.replaceChildren();
    for (const v of (curtailments.orders || []).slice(0, 20)) {
      const tr = document.createElement('tr');
      energyCell(tr, v.order.id);
      energyCell(tr, v.order.operatorId);
      energyCell(tr, energyNum(v.order.limitMw, 3), 'num');
      energyCell(tr, v.start.replace('T', ' ').substring(0, 16) + ' – ' + v.end.substring(11, 16));
      energyCell(tr, v.order.enforce ? 'enforced' : 'watched');
      energyCell(tr, v.order.issuedBy);
      const over = energyCell(tr, v.minutesOver + ' / ' + v.minutesRecorded, 'num');
      if (v.minutesOver > 0) over.className = 'num state over';
      energyCell(tr, energyNum(v.overMwh, 4), 'num');
      energyCell(tr, v.active ? 'active' : 'ended');
      orders.appendChild(tr);
    }
    document.getElementById('energy').dataset.loaded = 'true';
  } catch (e) {
    document.getElementById('energy-error').textContent = String(e.message || e);
  }
}

refreshEnergy();
setInterval(refreshEnergy, 10000);
