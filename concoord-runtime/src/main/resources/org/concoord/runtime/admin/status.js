// The live status page: polls this node's /node and the instance's /status once a second.
'use strict';
const WINDOW_SECONDS = 120;
const series = { t: [], ops: [], latency: [] };
let previous = null;

function chart(id, label, color) {
  return new uPlot({ width: 520, height: 200, series: [{}, { label, stroke: color, width: 2 }],
    axes: [{}, { size: 60 }], scales: { x: { time: true } } },
    [[], []], document.getElementById(id));
}
const opsChart = chart('ops', 'commands/s', '#2563eb');
const latencyChart = chart('latency', 'ms', '#d97706');

function text(tag, content, cls) {
  const cell = document.createElement(tag);
  cell.textContent = content;
  if (cls) cell.className = cls;
  return cell;
}

function renderNodes(rows) {
  const body = document.querySelector('#nodes tbody');
  body.replaceChildren(...rows.map(row => {
    const tr = document.createElement('tr');
    const up = row.state === 'up';
    tr.dataset.node = row.address;
    tr.dataset.state = up ? 'up' : 'down';
    tr.append(text('td', row.role), text('td', row.address),
      text('td', up ? 'up' : 'down', up ? 'state-up' : 'state-down'),
      text('td', row.leading ? 'leader' : ''), text('td', up ? row.ballot : ''),
      text('td', up ? row.executed : '', 'num'),
      text('td', up && row.lag >= 0 ? row.lag : '', 'num'));
    return tr;
  }));
}

function renderNode(node) {
  document.getElementById('summary').innerHTML = '';
  document.getElementById('summary').append(text('span', node.role + ' ' + node.node + ' \u00b7 '),
    text('span', node.ready ? 'ready' : 'not ready: ' + node.notReady,
      node.ready ? 'ready' : 'notready'),
    text('span', ' \u00b7 leader ' + (node.leader || 'none') + ' \u00b7 ballot ' + node.ballot));
  document.getElementById('view').textContent = 'view epoch ' + node.viewEpoch + ': '
    + node.replicas + ' replicas, ' + node.acceptors + ' acceptors, ' + node.nameservers
    + ' nameservers';
  document.getElementById('views').replaceChildren(...node.viewChanges.map(change =>
    text('li', new Date(change.at).toLocaleTimeString() + ' epoch ' + change.epoch + ': '
      + change.view)));
  const parked = Object.entries(node.parked);
  document.getElementById('parked').replaceChildren(...(parked.length ? parked.map(([m, n]) =>
    text('li', m + ': ' + n)) : [text('li', 'none')]));
  document.getElementById('cert').textContent = node.certificateNotAfter < 0
    ? 'no TLS on this node' : 'expires ' + new Date(node.certificateNotAfter * 1000).toISOString()
      + ' (in ' + Math.floor((node.certificateNotAfter * 1000 - node.now) / 86400000) + ' days)';
  if (previous) {
    const seconds = (node.now - previous.now) / 1000;
    const calls = node.callsDone - previous.callsDone;
    series.t.push(node.now / 1000);
    series.ops.push(seconds > 0 ? (node.committed - previous.committed) / seconds : 0);
    series.latency.push(calls > 0 ? (node.callNanosTotal - previous.callNanosTotal) / calls / 1e6
      : null);
    while (series.t.length > WINDOW_SECONDS) {
      series.t.shift(); series.ops.shift(); series.latency.shift();
    }
    opsChart.setData([series.t, series.ops]);
    latencyChart.setData([series.t, series.latency]);
  }
  previous = node;
}

async function poll() {
  try {
    const node = await (await fetch('node', { cache: 'no-store' })).json();
    renderNode(node);
    const status = await fetch('status', { cache: 'no-store' });
    if (status.ok) {
      const lines = (await status.text()).split('\n').filter(line => line.trim());
      renderNodes(lines.map(line => JSON.parse(line)));
    }
    document.body.dataset.updated = String(Date.now());
  } catch (e) {
    document.getElementById('summary').textContent = 'this node does not answer: ' + e;
  }
  setTimeout(poll, 1000);
}
poll();
