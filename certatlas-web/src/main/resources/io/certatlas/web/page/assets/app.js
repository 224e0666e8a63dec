// CertAtlas's page. It reads the same API a script reads (the Certificate View v1 endpoints
// and /api/v1/*), with the token kept in this module's memory only: never in a cookie or in
// web storage, so a reload asks for the password again and no other page can borrow it.
// Everything is built with createElement and textContent (no HTML strings are parsed), so no
// value from the inventory is ever read as markup; nothing inline, so the strict Content-Security-Policy holds.

const session = { token: null, me: null };
const PAGE_SIZE = 50;
const API_PAGE = 200;          // the v1 API's largest page
const EXPORT_LIMIT = 10000;    // the v1 API pages through at most this many records
const SVG = 'http://www.w3.org/2000/svg';

// ---------------------------------------------------------------- DOM helpers

// Bidirectional controls in outside text would reorder what the page shows (a CN written
// "safe<U+202E>exe.txt" reads as "safetxt.exe"): they are shown as escapes, as the command line shows them.
const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const shown = (v) => String(v).replace(BIDI_CONTROLS, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));

function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

function setAttrs(el, attrs) {
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'onclick' || k === 'onsubmit' || k === 'onchange' || k === 'onkeydown') {
      el.addEventListener(k.slice(2), v);
    } else if (k === 'text') {
      el.textContent = shown(v);
    } else if (k === 'title' || k === 'aria-label') {
      el.setAttribute(k, shown(v));
    } else {
      el.setAttribute(k, v === true ? '' : String(v));
    }
  }
}

function append(el, children) {
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(shown(c)));
  }
}

const $ = (sel, root = document) => root.querySelector(sel);

// ---------------------------------------------------------------- API

class ApiError extends Error {
  constructor(status, body) {
    super(body && body.message ? body.message : 'the server answered ' + status);
    this.status = status;
    this.body = body || {};
  }
}

async function api(method, path, body) {
  const headers = { 'Authorization': 'Bearer ' + session.token, 'Accept': 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'omit', cache: 'no-store',
  });
  if (response.status === 401) {
    logout('Your session has ended; please log in again.');
    throw new ApiError(401, { message: 'not logged in' });
  }
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch (e) { json = { message: text }; }
  if (!response.ok) throw new ApiError(response.status, json);
  return json;
}

const listCertificates = (body) => api('POST', '/certview/v1/certificates', body);

// ---------------------------------------------------------------- formatting

const DAY = 86400000;

function isoDate(ms) {
  return new Date(ms).toISOString().slice(0, 10);
}

function relative(ms, now = Date.now()) {
  const days = Math.round((ms - now) / DAY);
  if (days === 0) return ms >= now ? 'today' : 'today (expired)';
  if (days > 0) return 'in ' + days + (days === 1 ? ' day' : ' days');
  return -days + (days === -1 ? ' day ago' : ' days ago');
}

function expiry(ms) {
  const now = Date.now();
  const cls = ms < now ? 'expired' : ms < now + 30 * DAY ? 'soon' : 'ok';
  return h('span', { class: 'expiry ' + cls },
    h('span', { class: 'rel', text: relative(ms, now) }), ' ',
    h('time', { datetime: new Date(ms).toISOString(), text: isoDate(ms) }));
}

function dateTime(ms) {
  if (ms === null || ms === undefined) return '—';
  return h('time', { datetime: new Date(ms).toISOString(), text: new Date(ms).toISOString().replace('T', ' ').slice(0, 16) + ' UTC' });
}

function certificatesLink(filter, content, extra = {}) {
  return h('a', { href: '#/certificates?' + new URLSearchParams({ filter }).toString(), ...extra }, content);
}

function gradeBadge(grade) {
  const g = grade || '—';
  const cls = /^A/.test(g) ? 'good' : /^[BC]/.test(g) ? 'fair' : g === '—' ? 'none' : 'bad';
  return h('span', { class: 'grade ' + cls, text: g });
}

function nameOf(cert) {
  return cert.subject && cert.subject.name ? cert.subject.name : cert.dn || cert.certhash.slice(0, 16);
}

function scrollable(label, table) {
  return h('div', { class: 'scroll', role: 'region', 'aria-label': label, tabindex: 0 }, table);
}

// ---------------------------------------------------------------- login and navigation

function showLogin(message) {
  $('#top').hidden = true;
  $('#view').hidden = true;
  $('#view').replaceChildren();
  $('#login-view').hidden = false;
  $('#login-error').textContent = message || '';
  $('#username').focus();
}

function logout(message) {
  session.token = null;
  session.me = null;
  showLogin(message);
}

async function login(event) {
  event.preventDefault();
  const button = $('#login-button');
  button.disabled = true;
  $('#login-error').textContent = '';
  try {
    const form = new URLSearchParams({ username: $('#username').value, password: $('#password').value });
    const response = await fetch('/auth', { method: 'POST', body: form, credentials: 'omit', cache: 'no-store' });
    const text = await response.text();
    if (response.status !== 201) {
      let message = 'Wrong username or password.';
      try { message = JSON.parse(text).message || message; } catch (e) { /* keep the plain message */ }
      $('#login-error').textContent = shown(message);
      return;
    }
    session.token = text.trim();
    $('#password').value = '';
    session.me = await api('GET', '/api/v1/me');
    $('#login-view').hidden = true;
    $('#top').hidden = false;
    $('#view').hidden = false;
    $('#who').textContent = shown(session.me.username + (session.me.role === 'manager' ? ' (manager)' : ' (scope: '
      + (session.me.scope.length ? session.me.scope.join(', ') : 'none') + ')'));
    for (const el of document.querySelectorAll('[data-manager]')) el.hidden = session.me.role !== 'manager';
    if (!location.hash || location.hash === '#' || location.hash === '#/') location.hash = '#/overview';
    else route();
  } catch (e) {
    $('#login-error').textContent = shown('Could not log in: ' + e.message);
  } finally {
    button.disabled = false;
  }
}

let routeSerial = 0;

async function route() {
  if (!session.token) { showLogin(); return; }
  const serial = ++routeSerial;
  const hash = location.hash.replace(/^#\/?/, '');
  const [path, query] = hash.split('?');
  const params = new URLSearchParams(query || '');
  const parts = path.split('/');
  const view = $('#view');
  const page = h('div', { class: 'page' });
  for (const a of document.querySelectorAll('[data-nav]')) {
    if (a.dataset.nav === parts[0]) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  }
  try {
    switch (parts[0]) {
      case 'certificates': await certificatesPage(page, params); break;
      case 'certificate': await certificatePage(page, decodeURIComponent(parts[1] || '')); break;
      case 'endpoint': await endpointPage(page, decodeURIComponent(parts[1] || '')); break;
      case 'scans': await scansPage(page); break;
      case 'admin': await adminPage(page); break;
      default: await overviewPage(page);
    }
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return;
    page.replaceChildren(h('h1', { text: 'Something went wrong' }), h('p', { class: 'error', role: 'alert', text: e.message }));
  }
  if (serial !== routeSerial) return;   // a newer navigation won
  view.replaceChildren(page);
  document.body.dataset.view = String(serial);   // which rendering is on screen (tests wait for it to change)
  const heading = $('h1', page);
  if (heading) { heading.setAttribute('tabindex', '-1'); heading.focus({ preventScroll: true }); }
  document.title = (heading ? heading.textContent + ' · ' : '') + 'CertAtlas';
  window.scrollTo(0, 0);
  page.dispatchEvent(new CustomEvent('shown', { bubbles: true }));
}

// ---------------------------------------------------------------- overview

const TILES = [
  ['certificates', 'Certificates'], ['assets', 'Assets'], ['endpoints', 'Endpoints'],
  ['expired', 'Expired'], ['expiring7', 'Expire within 7 days'], ['expiring30', 'Expire within 30 days'],
  ['expiring90', 'Expire within 90 days'], ['selfSigned', 'Self-signed'], ['weakKeys', 'Weak keys'],
  ['sha1', 'SHA-1 signatures'], ['gradedF', 'Endpoints graded F'], ['gradedT', 'Endpoints graded T (not trusted)'],
];

async function overviewPage(page) {
  performance.mark('overview-requested');
  const o = await api('GET', '/api/v1/overview');
  page.append(h('h1', { text: 'Overview' }),
    h('p', { class: 'muted' }, 'As of ', dateTime(o.asOf), '. Every number and bar opens the certificates it counts.'));

  const tiles = h('ul', { class: 'tiles', 'aria-label': 'Counts' });
  for (const [key, label] of TILES) {
    const figure = o.counts[key];
    const warn = ['expired', 'expiring7', 'weakKeys', 'sha1', 'gradedF'].includes(key) && figure.count > 0;
    const body = [h('span', { class: 'num', text: figure.count.toLocaleString('en') }), h('span', { class: 'label', text: label })];
    tiles.append(h('li', { class: 'tile' + (warn ? ' warn' : ''), 'data-count': key, 'data-filter': figure.filter ?? null },
      figure.filter !== undefined ? certificatesLink(figure.filter, body) : h('div', {}, body)));
  }
  page.append(tiles);

  page.append(h('section', { class: 'card', 'aria-labelledby': 'timeline-title' },
    h('h2', { id: 'timeline-title', text: 'Expiry over the next 12 months, by week' }),
    timeline(o.expiryWeeks)));

  const grid = h('div', { class: 'grid2' });
  grid.append(barCard('grades-title', 'Endpoint grades', o.grades.map(g => ({ label: g.name, count: g.count, filter: g.filter, badge: g.name })), 'grade'));
  grid.append(barCard('issuers-title', 'Top issuers', o.issuers.map(i => ({ label: i.name || '(no name)', count: i.count, filter: i.filter })), 'issuer'));
  grid.append(barCard('keys-title', 'Key algorithms and sizes', o.keys.map(k => ({ label: k.algorithm + ' ' + k.size, count: k.count, filter: k.filter })), 'key'));
  grid.append(staleCard(o.stillServedAfterRenewal));
  page.append(grid);
  page.addEventListener('shown', () => requestAnimationFrame(() => {
    performance.mark('overview-painted');
    performance.measure('overview', 'overview-requested', 'overview-painted');
  }), { once: true });
}

function timeline(weeks) {
  const max = Math.max(1, ...weeks.map(w => w.count));
  const width = 1040, height = 180, top = 10, bottom = 30, barWidth = width / weeks.length;
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, class: 'timeline', role: 'group', 'aria-label': 'Certificates expiring per week' });
  svg.append(s('line', { x1: 0, y1: height - bottom, x2: width, y2: height - bottom, class: 'axis' }));
  svg.append(s('text', { x: width - 4, y: top + 2, class: 'scale', 'text-anchor': 'end' }, `highest week: ${max}`));
  let lastMonth = -1;
  weeks.forEach((w, i) => {
    const x = i * barWidth;
    const month = new Date(w.start).getUTCMonth();
    if (month !== lastMonth) {
      lastMonth = month;
      svg.append(s('text', { x: x + 2, y: height - 10, class: 'tick' },
        new Date(w.start).toLocaleString('en', { month: 'short', timeZone: 'UTC' })));
    }
    const label = `Week from ${isoDate(w.start)}: ${w.count} certificate${w.count === 1 ? '' : 's'} expire`;
    if (w.count === 0) {
      svg.append(s('rect', { x: x + 1, y: height - bottom - 1, width: barWidth - 2, height: 1, class: 'bar empty' }, s('title', {}, label)));
      return;
    }
    const barHeight = Math.max(3, (height - top - bottom) * w.count / max);
    const link = s('a', { href: '#/certificates?' + new URLSearchParams({ filter: w.filter, sort: 'validTo:asc' }),
      'aria-label': label, class: 'week', 'data-week': i, 'data-count': w.count, 'data-filter': w.filter });
    link.append(s('rect', { x: x + 1, y: height - bottom - barHeight, width: barWidth - 2, height: barHeight, class: 'bar' + (i < 4 ? ' soon' : '') }, s('title', {}, label)));
    svg.append(link);
  });
  return svg;
}

function barCard(id, title, rows, kind) {
  const card = h('section', { class: 'card', 'aria-labelledby': id }, h('h2', { id, text: title }));
  if (rows.length === 0) { card.append(h('p', { class: 'muted', text: 'Nothing to show.' })); return card; }
  const max = Math.max(1, ...rows.map(r => r.count));
  const list = h('ul', { class: 'hbars' });
  for (const r of rows) {
    const bar = s('svg', { viewBox: '0 0 100 10', preserveAspectRatio: 'none', class: 'hbar', 'aria-hidden': 'true' },
      s('rect', { x: 0, y: 0, height: 10, width: Math.max(0.5, 100 * r.count / max) }));
    list.append(h('li', { 'data-kind': kind, 'data-name': r.label, 'data-count': r.count, 'data-filter': r.filter },
      certificatesLink(r.filter, [r.badge !== undefined ? gradeBadge(r.badge) : h('span', { class: 'name', title: r.label, text: r.label }),
        bar, h('span', { class: 'count', text: r.count.toLocaleString('en') })])));
  }
  card.append(list);
  return card;
}

function staleCard(stale) {
  const card = h('section', { class: 'card', 'aria-labelledby': 'stale-title', 'data-count': 'stale', 'data-stale': stale.count },
    h('h2', { id: 'stale-title', text: 'Still served after renewal' }),
    h('p', { class: 'muted' }, h('strong', { class: 'num', text: String(stale.count) }),
      ' endpoint(s) serve a certificate although a newer one for the same name is in the inventory.'));
  if (stale.endpoints.length) {
    const table = h('table', {}, h('caption', { class: 'sr', text: 'Endpoints still serving an older certificate' }),
      h('thead', {}, h('tr', {}, ['Endpoint', 'Serves', 'Newer'].map(t => h('th', { scope: 'col', text: t })))));
    const body = h('tbody');
    for (const e of stale.endpoints) {
      body.append(h('tr', {},
        h('td', {}, h('a', { href: '#/endpoint/' + e.instanceId, text: `${e.assetName}:${e.port}` })),
        h('td', {}, h('a', { href: '#/certificate/' + e.servedCerthash, text: e.subjectName }), ' ', expiry(e.servedValidTo)),
        h('td', {}, h('a', { href: '#/certificate/' + e.newerCerthash, text: 'valid to ' + isoDate(e.newerValidTo) }))));
    }
    table.append(body);
    card.append(scrollable('Stale endpoints', table));
  }
  return card;
}

// ---------------------------------------------------------------- certificates list

const COLUMNS = [
  { key: 'subject.name', label: 'Name', sort: 'subject.name', cell: c => h('a', { href: '#/certificate/' + c.certhash, class: 'cert-link', text: nameOf(c) }) },
  { key: 'issuer', label: 'Issuer', sort: 'issuer.name', cell: c => c.issuer ? c.issuer.name : '' },
  { key: 'validTo', label: 'Expires', sort: 'validTo', cell: c => expiry(c.validTo) },
  { key: 'key', label: 'Key', sort: 'keySize', cell: c => `${c.publicKeyAlgorithm} ${c.keySize}` },
  { key: 'signature', label: 'Signature', cell: c => c.signatureAlgorithm },
  { key: 'type', label: 'Type', sort: 'type', cell: c => c.type + (c.selfSigned ? ' (self-signed)' : '') },
  { key: 'assets', label: 'Assets', sort: 'assetCount', cell: c => String(c.assetCount), numeric: true },
  { key: 'instances', label: 'Endpoints', sort: 'instanceCount', cell: c => String(c.instanceCount), numeric: true },
];

function parseSort(text) {
  const [field, dir] = (text || 'validTo:asc').split(':');
  return { field, dir: dir === 'desc' ? 'desc' : 'asc' };
}

function certificatesHash(params) {
  return '#/certificates?' + new URLSearchParams(params).toString();
}

async function certificatesPage(page, params) {
  const filter = params.get('filter') || '';
  const sort = parseSort(params.get('sort'));
  const pageNumber = Math.max(0, parseInt(params.get('page') || '0', 10) || 0);
  page.append(h('h1', { text: 'Certificates' }));

  const input = h('input', { id: 'qql', name: 'filter', type: 'search', value: filter, spellcheck: 'false', autocomplete: 'off',
    'aria-describedby': 'qql-help qql-error', placeholder: 'e.g. expiryGroup:In 30 Days and asset:(tags.name:Production)' });
  const errorBox = h('div', { id: 'qql-error', class: 'qql-error', role: 'alert' });
  const form = h('form', { class: 'qql', role: 'search', onsubmit: (e) => {
    e.preventDefault();
    location.hash = certificatesHash({ filter: input.value, sort: `${sort.field}:${sort.dir}` });
  } },
  h('label', { for: 'qql', text: 'Filter (QQL)' }),
  h('div', { class: 'row' }, input, h('button', { type: 'submit', id: 'qql-run', text: 'Search' }),
    h('button', { type: 'button', id: 'export', class: 'quiet', text: 'Export CSV',
      onclick: () => exportCsv(filter, sort, page) })),
  h('p', { id: 'qql-help', class: 'muted' }, 'The same query language as the API; see docs/query-language.md. ',
    'Export CSV saves every certificate of this filter (up to ' + EXPORT_LIMIT.toLocaleString('en') + ').'),
  errorBox);
  page.append(form);

  let rows;
  try {
    rows = await listCertificates({ filter, pageNumber, pageSize: PAGE_SIZE, sort: [{ [sort.field]: sort.dir }] });
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 400) throw e;
    showFilterError(errorBox, input, filter, e.body);
    return;
  }

  const table = h('table', { class: 'certs', id: 'certificates' },
    h('caption', { class: 'sr', text: 'Certificates matching the filter, sorted by ' + sort.field + ' ' + sort.dir }));
  const headRow = h('tr');
  for (const col of COLUMNS) {
    const th = h('th', { scope: 'col', class: col.numeric ? 'num' : null });
    if (col.sort) {
      const active = sort.field === col.sort;
      const next = active && sort.dir === 'asc' ? 'desc' : 'asc';
      th.setAttribute('aria-sort', active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none');
      th.append(h('a', { href: certificatesHash({ filter, sort: `${col.sort}:${next}` }), class: 'sort', 'data-sort': col.sort },
        col.label, h('span', { 'aria-hidden': 'true', class: 'arrow', text: active ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : '' })));
    } else {
      th.textContent = col.label;
    }
    headRow.append(th);
  }
  table.append(h('thead', {}, headRow));
  const body = h('tbody');
  for (const c of rows) {
    body.append(h('tr', { 'data-certhash': c.certhash }, COLUMNS.map(col => h('td', { class: col.numeric ? 'num' : null, 'data-col': col.key }, col.cell(c)))));
  }
  table.append(body);
  if (rows.length === 0) {
    page.append(h('p', { class: 'empty', id: 'no-results', text: pageNumber > 0 ? 'No more certificates.' : 'No certificate matches this filter.' }));
  }
  page.append(scrollable('Certificates', table));
  const first = pageNumber * PAGE_SIZE + 1;
  const nav = h('nav', { class: 'pager', 'aria-label': 'Pages' },
    pageNumber > 0 ? h('a', { href: certificatesHash({ filter, sort: `${sort.field}:${sort.dir}`, page: pageNumber - 1 }), rel: 'prev', text: '← Previous' }) : null,
    h('span', { id: 'page-info', text: rows.length ? `Rows ${first}–${first + rows.length - 1}` : '' }),
    rows.length === PAGE_SIZE && (pageNumber + 2) * PAGE_SIZE <= EXPORT_LIMIT
      ? h('a', { href: certificatesHash({ filter, sort: `${sort.field}:${sort.dir}`, page: pageNumber + 1 }), rel: 'next', id: 'next-page', text: 'Next →' }) : null);
  page.append(nav);
}

function showFilterError(box, input, filter, body) {
  const column = Number.isInteger(body.column) ? body.column : 0;
  box.replaceChildren(h('p', { class: 'error', id: 'qql-message', 'data-column': column, text: body.message || 'This filter is not valid.' }));
  if (column > 0) {
    // The filter again with a caret under the column the server named (columns count from 1).
    box.append(h('pre', { class: 'caret', id: 'qql-caret', 'aria-hidden': 'true' },
      filter + '\n' + ' '.repeat(column - 1) + '^'));
  }
  input.setAttribute('aria-invalid', 'true');
  requestAnimationFrame(() => {
    input.focus();
    // The server counts columns in characters; the input's positions are UTF-16 units (an emoji is two).
    const at = Math.max(0, Math.min(filter.length, Array.from(filter).slice(0, column - 1).join('').length));
    input.setSelectionRange(at, at);
  });
}

async function exportCsv(filter, sort, page) {
  const button = $('#export', page);
  const status = $('#export-status', page) || h('p', { id: 'export-status', role: 'status', class: 'muted' });
  button.after(status);
  button.disabled = true;
  const lines = [['certhash', 'subject', 'issuer', 'validFrom', 'validTo', 'publicKeyAlgorithm', 'keySize',
    'signatureAlgorithm', 'type', 'selfSigned', 'issuerCategory', 'assetCount', 'instanceCount', 'serialNumber']];
  try {
    for (let p = 0; p * API_PAGE < EXPORT_LIMIT; p++) {
      status.textContent = `Reading page ${p + 1}…`;
      const rows = await listCertificates({ filter, pageNumber: p, pageSize: API_PAGE, sort: [{ [sort.field]: sort.dir }] });
      for (const c of rows) {
        lines.push([c.certhash, nameOf(c), c.issuer ? c.issuer.name : '', new Date(c.validFrom).toISOString(),
          new Date(c.validTo).toISOString(), c.publicKeyAlgorithm, c.keySize, c.signatureAlgorithm, c.type, c.selfSigned,
          c.issuerCategory, c.assetCount, c.instanceCount, c.serialNumber]);
      }
      if (rows.length < API_PAGE) break;
    }
    const csv = lines.map(l => l.map(csvField).join(',')).join('\r\n') + '\r\n';
    const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
    const link = h('a', { href: url, download: 'certificates.csv' });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
    status.textContent = `Exported ${lines.length - 1} certificate(s)` + (lines.length - 1 >= EXPORT_LIMIT ? ' (the most the API pages through).' : '.');
  } catch (e) {
    status.textContent = shown('Export failed: ' + e.message);
  } finally {
    button.disabled = false;
  }
}

// A field quoted when it must be; a leading = + - @ made inert, so a spreadsheet never runs a
// certificate's subject as a formula.
function csvField(value) {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = "'" + text;
  return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
}

// ---------------------------------------------------------------- one certificate

async function findCertificate(certhash) {
  if (!/^[0-9a-fA-F]{64}$/.test(certhash)) return null;
  const rows = await listCertificates({ filter: 'certhash:' + certhash, certificateDetails: 'extended', pageSize: 1 });
  return rows.length ? rows[0] : null;
}

async function certificatePage(page, certhash) {
  const cert = await findCertificate(certhash);
  if (!cert) {
    page.append(h('h1', { text: 'Certificate not found' }),
      h('p', { id: 'not-found', text: 'No certificate with this hash is visible to you.' }));
    return;
  }
  page.append(h('h1', { text: nameOf(cert) }), h('p', { class: 'muted mono', id: 'certhash', text: cert.certhash }),
    h('p', {}, 'Expires ', expiry(cert.validTo)));

  const chain = await chainOf(cert);
  page.append(h('section', { class: 'card', 'aria-labelledby': 'chain-title' }, h('h2', { id: 'chain-title', text: 'Chain, leaf to root' }), chainPicture(chain)));

  page.append(h('section', { class: 'card', 'aria-labelledby': 'served-title' }, h('h2', { id: 'served-title', text: `Served on ${cert.assetCount} asset(s), ${cert.instanceCount} endpoint(s)` }),
    await servedSection(cert)));
  page.append(h('section', { class: 'card', 'aria-labelledby': 'fields-title' }, h('h2', { id: 'fields-title', text: 'Every field' }), fieldList(cert)));
}

function fieldList(cert) {
  const dl = h('dl', { class: 'fields', id: 'fields' });
  const add = (name, value) => dl.append(h('dt', { text: name }), h('dd', {}, value === '' || value === undefined || value === null ? '—' : value));
  const dn = (d) => d ? [d.name, d.organization, (d.organizationUnit || []).join(', '), d.locality, d.state, d.country].filter(Boolean).join(' · ') : '';
  add('Subject DN', cert.dn);
  add('Subject', dn(cert.subject));
  add('Issuer', dn(cert.issuer));
  add('Root issuer', dn(cert.rootissuer));
  add('Serial number', h('span', { class: 'mono', text: cert.serialNumber }));
  add('Valid from', dateTime(cert.validFrom));
  add('Valid to', dateTime(cert.validTo));
  add('Public key', `${cert.publicKeyAlgorithm} ${cert.keySize} bits`);
  add('Signature algorithm', cert.signatureAlgorithm);
  add('Type', cert.type);
  add('Self-signed', cert.selfSigned ? 'yes' : 'no');
  add('Issuer category', cert.issuerCategory);
  add('Extended validation', cert.extendedValidation ? 'yes' : 'no');
  const sans = Object.entries(cert.subjectAlternativeNames || {}).map(([k, v]) => `${k}: ${v.join(', ')}`).join('; ');
  add('Subject alternative names', sans);
  add('Key usage', (cert.keyUsage || []).join(', '));
  add('Extended key usage', (cert.enhancedKeyUsage || []).join(', '));
  add('Subject key identifier', h('span', { class: 'mono', text: cert.subjectKeyIdentifier || '' }));
  add('Authority key identifier', h('span', { class: 'mono', text: cert.authKeyIdentifier || '' }));
  add('Sources', (cert.sources || []).join(', '));
  add('Imported', cert.imported ? 'yes' : 'no');
  add('First recorded', cert.createdDate ? dateTime(Date.parse(cert.createdDate)) : '');
  add('Updated', cert.updateDate ? dateTime(Date.parse(cert.updateDate)) : '');
  add('Last found', dateTime(cert.lastFound));
  add('SHA-256 (certhash)', h('span', { class: 'mono', text: cert.certhash }));
  if (cert.rawData) {
    const pem = '-----BEGIN CERTIFICATE-----\n' + cert.rawData.match(/.{1,64}/g).join('\n') + '\n-----END CERTIFICATE-----\n';
    const link = h('a', { href: '#', text: 'Download PEM', onclick: (e) => {
      e.preventDefault();
      const url = URL.createObjectURL(new Blob([pem], { type: 'application/x-pem-file' }));
      const a = h('a', { href: url, download: cert.certhash.slice(0, 16) + '.pem' });
      document.body.append(a); a.click(); a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
    } });
    add('Certificate', link);
  }
  return dl;
}

async function chainOf(leaf) {
  const chain = [leaf];
  const seen = new Set([leaf.certhash]);
  let current = leaf;
  while (chain.length < 8 && !current.selfSigned) {
    const next = current.issuer && current.issuer.certhash;
    if (!next || seen.has(next)) break;
    const issuer = await findCertificate(next);
    if (!issuer) break;
    chain.push(issuer);
    seen.add(next);
    current = issuer;
  }
  return chain;
}

// What is wrong with one certificate as a link of a chain, in words (empty: nothing).
function problems(cert) {
  const now = Date.now();
  const out = [];
  if (cert.validTo < now) out.push('expired ' + isoDate(cert.validTo));
  if (cert.validFrom > now) out.push('not valid before ' + isoDate(cert.validFrom));
  if (/^(sha1|md5|md2)/i.test(cert.signatureAlgorithm) && !cert.selfSigned) out.push('weak signature ' + cert.signatureAlgorithm);
  if (/^(RSA|DSA)$/.test(cert.publicKeyAlgorithm) && cert.keySize < 2048) out.push(`weak key (${cert.publicKeyAlgorithm} ${cert.keySize})`);
  if (cert.publicKeyAlgorithm === 'EC' && cert.keySize < 256) out.push(`weak key (EC ${cert.keySize})`);
  return out;
}

function chainPicture(chain) {
  const list = h('ol', { class: 'chain', id: 'chain' });
  chain.forEach((cert, i) => {
    const issues = problems(cert);
    const role = i === 0 ? cert.type : cert.selfSigned ? 'Root' : 'Intermediate';
    list.append(h('li', { class: 'link ' + (issues.length ? 'bad' : 'good'), 'data-certhash': cert.certhash },
      h('span', { class: 'role', text: role }),
      i === 0 ? h('strong', { text: nameOf(cert) }) : h('a', { href: '#/certificate/' + cert.certhash, text: nameOf(cert) }),
      h('span', { class: 'verdict', text: issues.length ? '✗ ' + issues.join('; ') : '✓ valid ' + isoDate(cert.validFrom) + ' to ' + isoDate(cert.validTo) })));
    const last = i === chain.length - 1;
    if (!last) {
      list.append(h('li', { class: 'arrow', 'aria-label': 'issued by' }, h('span', { 'aria-hidden': 'true', text: '↓ issued by' })));
    } else if (!cert.selfSigned) {
      list.append(h('li', { class: 'arrow' }, h('span', { 'aria-hidden': 'true', text: '↓ issued by' })),
        h('li', { class: 'link missing' }, h('span', { class: 'role', text: 'Issuer' }), h('strong', { text: cert.issuer ? cert.issuer.name : 'unknown' }),
          h('span', { class: 'verdict', text: '? not in the inventory you can see: the chain cannot be followed further' })));
    } else {
      list.append(h('li', { class: 'end muted', text: 'Self-signed: the chain ends here' + (chain.length === 1 ? ' (trusted by nobody unless configured)' : '') }));
    }
  });
  return list;
}

// The assets come a page of the API at a time: a certificate served on thousands of assets (a
// wildcard) shows its first 200 with a count of those shown and a button for the next 200.
async function servedSection(cert) {
  const path = `/certview/v1/certificates/${cert.certhash}/assets`;
  const read = (pageNumber) => api('POST', path, { attributes: 'tags,hostInstances', pageSize: API_PAGE, pageNumber });
  const first = await read(0);
  if (!first.length) return h('p', { class: 'muted', text: 'Not served on any asset you can see.' });
  const body = h('tbody');
  const table = h('table', { id: 'served' }, h('caption', { class: 'sr', text: 'Assets and endpoints serving this certificate' }),
    h('thead', {}, h('tr', {}, ['Asset', 'Tags', 'Endpoint', 'Service', 'Grade', 'Findings'].map(t => h('th', { scope: 'col', text: t })))), body);
  const status = h('p', { class: 'muted', id: 'served-shown', 'aria-live': 'polite' });
  const more = h('button', { type: 'button', class: 'quiet', id: 'served-more', text: `Show the next ${API_PAGE} assets` });
  let shownAssets = 0;
  let nextPage = 1;
  const add = (assets) => {
    for (const a of assets) body.append(...servedRows(a));
    shownAssets += assets.length;
    const complete = assets.length < API_PAGE || shownAssets >= cert.assetCount || nextPage * API_PAGE >= EXPORT_LIMIT;
    status.textContent = complete && shownAssets >= cert.assetCount ? '' : `Showing the first ${shownAssets} of ${cert.assetCount} asset(s).`;
    more.hidden = complete;
  };
  more.addEventListener('click', async () => {
    more.disabled = true;
    try {
      add(await read(nextPage++));
    } catch (e) {
      status.textContent = shown('Could not read more assets: ' + e.message);
    } finally {
      more.disabled = false;
    }
  });
  add(first);
  return h('div', {}, scrollable('Assets serving this certificate', table), status, more);
}

function servedRows(a) {
  const instances = a.hostInstances && a.hostInstances.length ? a.hostInstances : [null];
  return instances.map(i => h('tr', {},
    h('td', {}, a.name || a.primaryIp || a.netbiosName || a.uuid, a.primaryIp && a.name ? h('div', { class: 'muted', text: a.primaryIp }) : null),
    h('td', {}, (a.tags || []).map(t => h('span', { class: 'tag', text: t.name }))),
    h('td', {}, i ? h('a', { href: '#/endpoint/' + i.id, class: 'endpoint-link', text: `${i.protocol}/${i.port}` + (i.fqdn ? ' ' + i.fqdn : '') }) : '—'),
    h('td', { text: i ? i.service : '' }),
    h('td', {}, i ? gradeBadge(i.grade) : ''),
    h('td', {}, i ? (i.vulnerabilities || []).map(v => h('div', { text: `QID ${v.qid}: ${v.title} (severity ${v.severity})` })) : '')));
}

// ---------------------------------------------------------------- one endpoint

const PROTOCOLS = ['SSLv2', 'SSLv3', 'TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];

async function endpointPage(page, id) {
  let e;
  try {
    e = await api('GET', '/api/v1/endpoints/' + encodeURIComponent(id));
  } catch (err) {
    if (err instanceof ApiError && (err.status === 404 || err.status === 400)) {
      page.append(h('h1', { text: 'Endpoint not found' }), h('p', { id: 'not-found', text: err.message }));
      return;
    }
    throw err;
  }
  const where = (e.asset.name || e.asset.primaryIp) + ':' + e.port;
  page.append(h('h1', { text: where }),
    h('p', { class: 'muted' }, `${e.protocol}/${e.port}`, e.fqdn ? ` · reached as ${e.fqdn}` : '', e.service ? ` · ${e.service}` : '',
      e.asset.primaryIp ? ` · ${e.asset.primaryIp}` : '', ' · last found ', dateTime(e.lastFound)));
  const summary = e.gradeSummary;
  const gradeCard = h('section', { class: 'card', 'aria-labelledby': 'grade-title' }, h('h2', { id: 'grade-title', text: 'Grade' }),
    h('p', { class: 'big-grade' }, gradeBadge(e.grade), ' ', h('span', { class: 'muted', text: `with trust ignored: ${e.gradeWithTrustIgnored || '—'}` })));
  if (summary) {
    const scores = h('dl', { class: 'fields' });
    for (const [label, key, weight] of [['Certificate', 'certificateScore'], ['Protocol support', 'protocolSupportScore', 'protocolSupportWeightage'],
      ['Key exchange', 'keyExchangeScore', 'keyExchangeWeightage'], ['Cipher strength', 'cipherStrengthScore', 'cipherStrengthWeightage']]) {
      scores.append(h('dt', { text: label }), h('dd', {}, String(summary[key] ?? '—') + (weight && summary[weight] ? ` (weight ${summary[weight]} %)` : '')));
    }
    gradeCard.append(scores);
    for (const [label, key] of [['Errors', 'errors'], ['Warnings', 'warnings'], ['Notices', 'notices'], ['Highlights', 'highlights'], ['Information', 'infos']]) {
      const items = summary[key] || [];
      if (items.length) gradeCard.append(h('h3', { text: label }), h('ul', { class: 'reasons', 'data-kind': key }, items.map(t => h('li', { text: t }))));
    }
  } else {
    gradeCard.append(h('p', { class: 'muted', text: 'No grade summary was recorded for this endpoint (imported, or recorded before grading).' }));
  }
  page.append(gradeCard);

  const protocols = h('ul', { class: 'protocols' });
  for (const p of PROTOCOLS) {
    const on = e.sslProtocols.includes(p);
    protocols.append(h('li', { class: on ? (/^SSL|TLSv1(\.1)?$/.test(p) ? 'on old' : 'on') : 'off' }, `${p}: ${on ? 'offered' : 'not offered'}`));
  }
  const suites = h('div');
  for (const [protocol, names] of Object.entries(e.cipherSuites || {})) {
    suites.append(h('h3', { text: protocol }), h('ul', { class: 'suites mono' }, names.map(n => h('li', { text: n }))));
  }
  page.append(h('section', { class: 'card', 'aria-labelledby': 'proto-title' }, h('h2', { id: 'proto-title', text: 'Protocols and cipher suites' }), protocols,
    suites.childElementCount ? suites : h('p', { class: 'muted', text: 'No cipher suites recorded.' })));

  const findings = h('section', { class: 'card', 'aria-labelledby': 'findings-title' }, h('h2', { id: 'findings-title', text: 'Findings' }));
  if (e.findings.length) {
    const table = h('table', { id: 'findings' }, h('thead', {}, h('tr', {}, ['QID', 'Title', 'Severity', 'Why, and what to do', 'Status', 'First seen', 'Last seen'].map(t => h('th', { scope: 'col', text: t })))));
    const body = h('tbody');
    for (const f of e.findings) {
      body.append(h('tr', { class: f.status === 'FIXED' ? 'fixed' : '' }, h('td', { text: String(f.qid) }), h('td', { text: f.title }), h('td', { text: String(f.severity) }),
        h('td', {}, f.detail || '', f.source ? h('div', { class: 'muted', text: 'Follows: ' + f.source }) : null),
        h('td', { text: f.status }), h('td', {}, dateTime(f.firstFound)), h('td', {}, dateTime(f.lastFound))));
    }
    table.append(body);
    findings.append(scrollable('Findings', table));
  } else {
    findings.append(h('p', { class: 'muted', text: 'No findings.' }));
  }
  page.append(findings);

  const history = h('table', { id: 'history' }, h('thead', {}, h('tr', {}, ['Certificate', 'Position', 'Valid to', 'First seen', 'Last seen', 'Now'].map(t => h('th', { scope: 'col', text: t })))));
  const hb = h('tbody');
  for (const c of e.certificates) {
    hb.append(h('tr', {}, h('td', {}, h('a', { href: '#/certificate/' + c.certhash, text: c.subjectName || c.certhash.slice(0, 16) })),
      h('td', { text: c.chainPosition === 0 ? 'leaf' : 'chain ' + c.chainPosition }), h('td', {}, expiry(c.validTo)),
      h('td', {}, dateTime(c.firstFound)), h('td', {}, dateTime(c.lastFound)), h('td', { text: c.current ? 'served' : 'no longer served' })));
  }
  history.append(hb);
  page.append(h('section', { class: 'card', 'aria-labelledby': 'history-title' }, h('h2', { id: 'history-title', text: 'Certificates served here' }), scrollable('Certificate history', history)));
}

// ---------------------------------------------------------------- scans (managers)

async function scansPage(page) {
  page.append(h('h1', { text: 'Scans' }));
  const targets = h('textarea', { id: 'scan-targets', rows: 3, required: true, placeholder: '127.0.0.0/28\nweb.internal' });
  const ports = h('input', { id: 'scan-ports', value: '443', required: true });
  const status = h('div', { id: 'scan-status', role: 'status', 'aria-live': 'polite' });
  const form = h('form', { class: 'stack', onsubmit: async (e) => {
    e.preventDefault();
    status.replaceChildren();
    try {
      const job = await api('POST', '/api/v1/scans', { targets: targets.value.split(/[\s,]+/).filter(Boolean), ports: ports.value });
      watchScan(job.id, status);
    } catch (err) {
      if (err instanceof ApiError && err.status !== 401) {
        status.replaceChildren(h('p', { class: 'error', role: 'alert', text: (err.body.field ? err.body.field + ': ' : '') + err.message }));
      }
    }
  } },
  h('label', { for: 'scan-targets', text: 'Targets (host names, addresses, CIDR ranges; one per line or comma-separated)' }), targets,
  h('label', { for: 'scan-ports', text: 'Ports (e.g. 443,8443,9000-9010)' }), ports,
  h('button', { type: 'submit', id: 'scan-start', text: 'Start scan' }));
  page.append(h('section', { class: 'card', 'aria-labelledby': 'new-scan' }, h('h2', { id: 'new-scan', text: 'New scan' }), form, status));

  page.append(await recentScans());
}

async function recentScans() {
  const recent = await api('GET', '/api/v1/scans');
  const table = h('table', { id: 'scans' }, h('thead', {}, h('tr', {}, ['Started', 'Targets', 'Ports', 'By', 'Status', 'Progress', 'Found'].map(t => h('th', { scope: 'col', text: t })))));
  const body = h('tbody');
  for (const job of recent) {
    body.append(h('tr', {}, h('td', {}, dateTime(job.created)), h('td', { text: (job.request.targets || []).join(', ') }),
      h('td', { text: job.request.ports || '' }), h('td', { text: job.createdBy }), h('td', { text: job.status }),
      h('td', { text: `${job.done}/${job.total}` }), h('td', { text: String(job.found) })));
  }
  table.append(body);
  return h('section', { class: 'card', id: 'recent', 'aria-labelledby': 'recent-scans' }, h('h2', { id: 'recent-scans', text: 'Recent scans' }),
    recent.length ? scrollable('Recent scans', table) : h('p', { class: 'muted', text: 'No scans yet.' }));
}

// Polls the job twice a second until it ends (at most ten minutes), showing its progress.
async function watchScan(id, status) {
  const progress = h('progress', { id: 'scan-progress', max: 1, value: 0, 'aria-label': 'Scan progress' });
  const line = h('p', { id: 'scan-line', text: 'Queued…' });
  status.replaceChildren(progress, line);
  const deadline = Date.now() + 600000;
  while (Date.now() < deadline && status.isConnected) {
    const job = await api('GET', '/api/v1/scans/' + encodeURIComponent(id));
    progress.max = Math.max(1, job.total);
    progress.value = job.done;
    line.textContent = `${job.status}: ${job.done} of ${job.total} endpoint(s) probed, ${job.found} TLS endpoint(s) found`;
    status.dataset.status = job.status;
    if (job.status === 'FINISHED' || job.status === 'FAILED' || job.status === 'CANCELLED') {
      if (job.error) status.append(h('p', { class: 'error', text: job.error }));
      const shown = $('#recent');
      if (shown) shown.replaceWith(await recentScans());
      if (job.started) {
        const since = new Date(job.started).toISOString();
        status.append(h('p', {}, certificatesLink(`lastFound>=${since}`, 'Certificates this scan found', { id: 'scan-results' })));
      }
      return;
    }
    await new Promise(r => setTimeout(r, 500));
  }
}

// ---------------------------------------------------------------- users, scopes and tags (managers)

async function adminPage(page) {
  page.append(h('h1', { text: 'Users and tags' }));
  const [users, tags] = await Promise.all([api('GET', '/api/v1/users'), api('GET', '/api/v1/tags')]);
  const message = h('p', { id: 'admin-message', role: 'status', class: flash.kind, text: flash.text });
  flash = { kind: '', text: '' };

  const userTable = h('table', { id: 'users' }, h('thead', {}, h('tr', {}, ['User', 'Role', 'Scope (tags)', 'Locked', 'Created'].map(t => h('th', { scope: 'col', text: t })))));
  const ub = h('tbody');
  for (const u of users) {
    ub.append(h('tr', {}, h('td', { text: u.username }), h('td', { text: u.role }), h('td', { text: u.role === 'manager' ? 'everything' : (u.scope.join(', ') || 'nothing') }),
      h('td', { text: u.locked ? 'yes' : 'no' }), h('td', {}, dateTime(u.created))));
  }
  userTable.append(ub);

  const un = h('input', { id: 'new-username', required: true, autocomplete: 'off' });
  const pw = h('input', { id: 'new-password', type: 'password', required: true, minlength: 12, autocomplete: 'new-password' });
  const role = h('select', { id: 'new-role' }, h('option', { value: 'user', text: 'user (sees its scope)' }), h('option', { value: 'manager', text: 'manager (sees everything)' }));
  const scope = h('input', { id: 'new-scope', placeholder: 'Production, Finance' });
  const userForm = h('form', { class: 'stack', onsubmit: (e) => submit(e, 'POST', '/api/v1/users',
    () => ({ username: un.value, password: pw.value, role: role.value, scope: scope.value.split(',').map(t => t.trim()).filter(Boolean) }), `User created.`, message) },
  h('label', { for: 'new-username', text: 'Username' }), un, h('label', { for: 'new-password', text: 'Password (at least 12 characters)' }), pw,
  h('label', { for: 'new-role', text: 'Role' }), role, h('label', { for: 'new-scope', text: 'Scope: tag names, comma-separated' }), scope,
  h('button', { type: 'submit', text: 'Add user' }));

  const tagTable = h('table', { id: 'tags' }, h('thead', {}, h('tr', {}, ['Tag', 'Assets', 'Created'].map(t => h('th', { scope: 'col', text: t })))));
  const tb = h('tbody');
  for (const t of tags) {
    tb.append(h('tr', {}, h('td', {}, certificatesLink(`asset:(tags.name:\`${t.name}\`)`, t.name)), h('td', { text: String(t.assetCount) }), h('td', {}, dateTime(t.created))));
  }
  tagTable.append(tb);
  const tagName = h('input', { id: 'new-tag', required: true });
  const tagForm = h('form', { class: 'stack', onsubmit: (e) => submit(e, 'POST', '/api/v1/tags', () => ({ name: tagName.value }), 'Tag created.', message) },
    h('label', { for: 'new-tag', text: 'New tag' }), tagName, h('button', { type: 'submit', text: 'Add tag' }));
  const assignTag = h('select', { id: 'assign-tag' }, tags.map(t => h('option', { value: t.name, text: t.name })));
  const pattern = h('input', { id: 'assign-pattern', required: true, placeholder: 'web-*' });
  const assignForm = h('form', { class: 'stack', onsubmit: (e) => submit(e, 'POST', () => `/api/v1/tags/${encodeURIComponent(assignTag.value)}/assets`,
    () => ({ namePattern: pattern.value }), 'Tag assigned.', message) },
  h('label', { for: 'assign-tag', text: 'Tag' }), assignTag, h('label', { for: 'assign-pattern', text: 'Assets whose name or address matches (* is a wildcard)' }), pattern,
  h('button', { type: 'submit', text: 'Tag matching assets' }));

  page.append(message,
    h('section', { class: 'card', 'aria-labelledby': 'users-title' }, h('h2', { id: 'users-title', text: 'Users and their scopes' }), scrollable('Users', userTable), h('h3', { text: 'Add a user' }), userForm),
    h('section', { class: 'card', 'aria-labelledby': 'tags-title' }, h('h2', { id: 'tags-title', text: 'Tags' }), scrollable('Tags', tagTable),
      h('div', { class: 'grid2' }, tagForm, tags.length ? assignForm : null)));
}

let flash = { kind: '', text: '' };   // what the last change did, shown once the view is read again

async function submit(event, method, path, body, done, message) {
  event.preventDefault();
  try {
    await api(method, typeof path === 'function' ? path() : path, body());
    flash = { kind: 'ok', text: done };
    route();
  } catch (e) {
    if (e instanceof ApiError && e.status !== 401) {
      message.className = 'error';
      message.textContent = shown((e.body.field ? e.body.field + ': ' : '') + e.message);
    }
  }
}

// ---------------------------------------------------------------- start

$('#login-form').addEventListener('submit', login);
$('#logout').addEventListener('click', () => logout());
window.addEventListener('hashchange', route);
showLogin();
