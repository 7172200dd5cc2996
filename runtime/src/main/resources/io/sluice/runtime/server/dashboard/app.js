// The Sluice dashboard: plain JavaScript against the runtime's REST API (no framework, no build).
// Two views chosen by the URL's hash: the jobs list with jar upload (#/) and one job (#/jobs/<id>).
// Whatever is on screen is polled once a second; a poll starts only after the previous one ended.
'use strict';

(() => {
  const POLL_INTERVAL_MS = 1000;
  const TOKEN_KEY = 'sluice.token';
  const SAVEPOINT_DIRECTORY_KEY = 'sluice.savepointDirectory';
  const TERMINAL_STATES = new Set(['CANCELED', 'FAILED', 'FINISHED']);
  const SVG_NS = 'http://www.w3.org/2000/svg';

  const $ = (selector) => document.querySelector(selector);

  // ---------------------------------------------------------------- formatting

  function formatDuration(ms) {
    if (ms === null || ms === undefined || !Number.isFinite(ms)) return '–';
    if (ms < 1000) return `${Math.round(ms)} ms`;
    const s = Math.floor(ms / 1000);
    if (s < 60) return `${s} s`;
    const m = Math.floor(s / 60);
    if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
    const h = Math.floor(m / 60);
    if (h < 24) return `${h} h ${String(m % 60).padStart(2, '0')} min`;
    return `${Math.floor(h / 24)} d ${h % 24} h`;
  }

  function formatCount(n) {
    if (n === null || n === undefined || !Number.isFinite(n)) return '–';
    const abs = Math.abs(n);
    if (abs < 1e4) return String(Math.round(n));
    if (abs < 1e6) return `${(n / 1e3).toFixed(abs < 1e5 ? 1 : 0)}k`;
    if (abs < 1e9) return `${(n / 1e6).toFixed(abs < 1e8 ? 2 : 1)}M`;
    return `${(n / 1e9).toFixed(2)}G`;
  }

  function formatRate(perSecond) {
    if (perSecond === null || perSecond === undefined || !Number.isFinite(perSecond)) return '–';
    if (perSecond > 0 && perSecond < 10) return `${perSecond.toFixed(1)}/s`;
    return `${formatCount(perSecond)}/s`;
  }

  /** One user metric, summed over the operator's subtasks: "name: value". */
  function formatUserMetric(m) {
    switch (m.type) {
      case 'counter': return `${m.name}: ${formatCount(m.count)}`;
      case 'gauge': return `${m.name}: ${formatCount(m.sum)} (min ${formatCount(m.min)}, max ${formatCount(m.max)})`;
      case 'meter': return `${m.name}: ${formatCount(m.count)} (${formatRate(m.ratePerSecond)})`;
      case 'histogram': return `${m.name}: ${formatCount(m.count)} values, min ${formatCount(m.min)},`
        + ` p50 ${formatCount(m.p50)}, p99 ${formatCount(m.p99)}, max ${formatCount(m.max)}`;
      default: return m.name;
    }
  }

  function formatBytes(n) {
    if (n === null || n === undefined || !Number.isFinite(n)) return '–';
    if (n < 1024) return `${n} B`;
    if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
    if (n < 1024 * 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MiB`;
    return `${(n / 1024 / 1024 / 1024).toFixed(2)} GiB`;
  }

  function formatTime(iso) {
    if (!iso) return '–';
    const date = new Date(iso);
    return Number.isNaN(date.getTime()) ? String(iso) : date.toLocaleString();
  }

  function formatPercent(fraction) {
    if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return '–';
    return `${Math.round(fraction * 100)}%`;
  }

  /** An event-time watermark as UTC time of day; the date is rarely what one looks at. */
  function formatWatermark(ms) {
    if (ms === null || ms === undefined) return 'no watermark';
    const date = new Date(ms);
    if (!Number.isFinite(ms) || Number.isNaN(date.getTime())) return 'no watermark';
    return `wm ${date.toISOString().slice(11, 23)}Z`;
  }

  // ---------------------------------------------------------------- errors

  /** One banner; a poll's error is cleared by the next successful poll, an action's stays until closed. */
  function showError(message, source = 'action') {
    $('#error-text').textContent = message;
    $('#error-banner').dataset.source = source;
    $('#error-banner').hidden = false;
  }

  function clearError(source) {
    const banner = $('#error-banner');
    if (!banner.hidden && banner.dataset.source === source) {
      banner.hidden = true;
    }
  }

  $('#error-close').addEventListener('click', () => { $('#error-banner').hidden = true; });

  // ---------------------------------------------------------------- REST calls and the token

  class ApiError extends Error {
    constructor(message, status) {
      super(message);
      this.status = status;
    }
  }

  async function api(path, options = {}) {
    const headers = new Headers(options.headers || {});
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (token) headers.set('Authorization', `Bearer ${token}`);
    let response;
    try {
      response = await fetch(path, { ...options, headers });
    } catch (e) {
      throw new ApiError(`cannot reach the Sluice runtime at ${location.host} (${e.message})`, 0);
    }
    if (response.status === 401) {
      askForToken(token !== null);
      throw new ApiError(token === null
        ? 'this runtime needs a bearer token: enter it in the box above'
        : 'the runtime rejected the bearer token: enter the right one in the box above', 401);
    }
    if (!response.ok) {
      throw new ApiError(await errorMessage(response), response.status);
    }
    const text = await response.text();
    return text ? JSON.parse(text) : null;
  }

  /** The runtime's own words from an {"error": ...} body, or the status line. */
  async function errorMessage(response) {
    const text = await response.text().catch(() => '');
    try {
      const body = JSON.parse(text);
      if (body && typeof body.error === 'string') return body.error;
    } catch (ignored) {
      // not JSON: fall through to the status line
    }
    const detail = text ? `: ${text.slice(0, 300)}` : '';
    return `${response.status} ${response.statusText}${detail}`;
  }

  function postJson(path, body) {
    return api(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body || {}),
    });
  }

  /** Shows the token box once; it stays until a token is entered, however many calls get a 401. */
  function askForToken(rejected) {
    const form = $('#token-form');
    if (!form.hidden) return;
    if (rejected) sessionStorage.removeItem(TOKEN_KEY);
    $('#token-hint').textContent = rejected
      ? 'The runtime rejected the token. Bearer token:'
      : 'This runtime needs a bearer token:';
    form.hidden = false;
    $('#token-input').focus();
  }

  $('#token-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const token = $('#token-input').value.trim();
    if (!token) return;
    sessionStorage.setItem(TOKEN_KEY, token);
    $('#token-input').value = '';
    $('#token-form').hidden = true;
    clearError('poll');
    pollNow();
  });

  // ---------------------------------------------------------------- polling and routing

  let view = null;        // {refresh(generation)}: the view on screen
  let generation = 0;     // bumped on every navigation: answers for an older view are dropped
  let pollTimer = null;
  let polling = false;
  let pollAgain = false;

  async function poll() {
    clearTimeout(pollTimer);
    if (polling) {
      pollAgain = true;
      return;
    }
    polling = true;
    try {
      if (view && !document.hidden) await view.refresh(generation);
    } catch (e) {
      if (!(e instanceof ApiError)) console.error(e); // a bug of the page, not an answer of the runtime
      showError(e.message, 'poll');
    } finally {
      polling = false;
    }
    if (pollAgain) {
      pollAgain = false;
      poll();
    } else {
      pollTimer = setTimeout(poll, POLL_INTERVAL_MS);
    }
  }

  const pollNow = poll;

  function route() {
    generation += 1;
    clearError('poll');
    const match = location.hash.match(/^#\/jobs\/([^/?]+)/);
    if (match) {
      view = jobView(decodeURIComponent(match[1]));
    } else {
      view = jobsView();
    }
    pollNow();
  }

  function goToJob(jobId) {
    location.hash = `#/jobs/${encodeURIComponent(jobId)}`;
  }

  document.addEventListener('visibilitychange', () => { if (!document.hidden) pollNow(); });

  // ---------------------------------------------------------------- the overview line

  function renderOverview(overview) {
    const j = overview.jobs || {};
    $('#overview').textContent = `v${overview.version} · ${overview.workers} workers · up ${formatDuration(overview.uptimeMs)}`
      + ` · jobs: ${j.running || 0} running, ${j.finished || 0} finished, ${j.failed || 0} failed, ${j.canceled || 0} canceled`;
  }

  // ---------------------------------------------------------------- the jobs list and jar upload

  function jobsView() {
    $('#job-view').hidden = true;
    $('#jobs-view').hidden = false;
    document.title = 'Sluice: jobs';
    return {
      async refresh(gen) {
        const [overview, jobs, jars] = await Promise.allSettled([
          api('/api/overview'), api('/api/jobs'), api('/api/jars')]);
        if (gen !== generation) return;
        if (overview.status === 'fulfilled') renderOverview(overview.value);
        if (jobs.status === 'fulfilled') renderJobs(jobs.value);
        if (jars.status === 'fulfilled') renderJars(jars.value);
        const failed = [overview, jobs, jars].find((r) => r.status === 'rejected');
        if (failed) showError(failed.reason.message, 'poll'); else clearError('poll');
      },
    };
  }

  /** Rows are kept and updated in place, keyed by job id, so that a click never lands on a replaced row. */
  function renderJobs(jobs) {
    const tbody = $('#jobs-table tbody');
    const sorted = [...jobs].sort((a, b) => String(b.startTime || '').localeCompare(String(a.startTime || '')));
    const seen = new Set();
    for (const job of sorted) {
      seen.add(job.id);
      let row = tbody.querySelector(`tr[data-job-id="${CSS.escape(job.id)}"]`);
      if (!row) row = newJobRow(job.id);
      const link = row.querySelector('.job-name a');
      link.textContent = job.name || job.id;
      row.querySelector('.job-id code').textContent = job.id;
      setState(row.querySelector('.job-state .state'), job.state);
      row.querySelector('.job-start').textContent = formatTime(job.startTime);
      row.querySelector('.job-uptime').textContent = formatDuration(job.uptimeMs);
      row.querySelector('.job-restarts').textContent = String(job.restarts);
      tbody.appendChild(row);
    }
    for (const row of [...tbody.rows]) {
      if (!seen.has(row.dataset.jobId)) row.remove();
    }
    $('#jobs-empty').hidden = jobs.length > 0;
    $('#jobs-table').hidden = jobs.length === 0;
  }

  function newJobRow(jobId) {
    const row = document.createElement('tr');
    row.dataset.jobId = jobId;
    for (const name of ['job-name', 'job-id', 'job-state', 'job-start', 'job-uptime', 'job-restarts']) {
      const cell = document.createElement('td');
      cell.className = name;
      row.appendChild(cell);
    }
    row.querySelector('.job-restarts').classList.add('num');
    const link = document.createElement('a');
    link.href = `#/jobs/${encodeURIComponent(jobId)}`;
    row.querySelector('.job-name').appendChild(link);
    row.querySelector('.job-id').appendChild(document.createElement('code'));
    const badge = document.createElement('span');
    badge.className = 'state';
    row.querySelector('.job-state').appendChild(badge);
    row.addEventListener('click', (event) => {
      if (event.target.closest('a')) return; // the link navigates by itself
      goToJob(jobId);
    });
    return row;
  }

  function setState(element, state) {
    element.textContent = state || '–';
    element.className = element.className.split(' ').filter((c) => !c.startsWith('state')).concat(
      'state', `state-${state}`).join(' ');
  }

  function renderJars(jars) {
    const tbody = $('#jars-table tbody');
    const key = JSON.stringify(jars);
    if (tbody.dataset.key === key) return;
    tbody.dataset.key = key;
    tbody.replaceChildren(...jars.map((jar) => {
      const row = document.createElement('tr');
      row.dataset.jarId = jar.id;
      const cells = [jar.name, jar.id, formatBytes(jar.size), formatTime(jar.uploadedAt), jar.jobClass || '–'];
      for (const text of cells) {
        const cell = document.createElement('td');
        cell.textContent = text;
        row.appendChild(cell);
      }
      const actions = document.createElement('td');
      actions.className = 'buttons';
      actions.append(button('Run', 'jar-run', () => selectJar(jar)),
        button('Delete', 'jar-delete', () => deleteJar(jar)));
      row.appendChild(actions);
      return row;
    }));
    $('#jars-empty').hidden = jars.length > 0;
    $('#jars-table').hidden = jars.length === 0;
  }

  function button(text, className, onClick) {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = className;
    b.textContent = text;
    b.addEventListener('click', onClick);
    return b;
  }

  async function deleteJar(jar) {
    if (!confirm(`Delete jar ${jar.name} (${jar.id})?`)) return;
    try {
      await api(`/api/jars/${encodeURIComponent(jar.id)}`, { method: 'DELETE' });
      if ($('#run-form').dataset.jarId === jar.id) $('#run-form').hidden = true;
      pollNow();
    } catch (e) {
      showError(`Deleting jar ${jar.name} failed: ${e.message}`);
    }
  }

  /** Fills the run form for a jar; fields the user typed for the previous jar are kept, except the class. */
  function selectJar(jar) {
    const form = $('#run-form');
    form.dataset.jarId = jar.id;
    $('#run-jar-name').textContent = jar.name;
    $('#run-jar-id').textContent = jar.id;
    $('#run-job-class').value = jar.jobClass || '';
    form.hidden = false;
    $('#run-job-class').focus();
  }

  $('#jar-input').addEventListener('change', async () => {
    const input = $('#jar-input');
    const file = input.files[0];
    if (!file) return;
    const status = $('#upload-status');
    status.textContent = `Uploading ${file.name} (${formatBytes(file.size)})…`;
    try {
      const jar = await api(`/api/jars?name=${encodeURIComponent(file.name)}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/java-archive' },
        body: file,
      });
      status.textContent = `Uploaded ${jar.name} as ${jar.id}.`;
      clearError('action');
      selectJar(jar);
      pollNow();
    } catch (e) {
      status.textContent = '';
      showError(`Uploading ${file.name} failed: ${e.message}`);
    } finally {
      input.value = ''; // choosing the same file again uploads it again
    }
  });

  $('#run-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = $('#run-form');
    const body = {};
    const jobClass = $('#run-job-class').value.trim();
    if (jobClass) body.jobClass = jobClass;
    const name = $('#run-name').value.trim();
    if (name) body.name = name;
    const parallelism = $('#run-parallelism').value.trim();
    if (parallelism) {
      const p = Number(parallelism);
      if (!Number.isInteger(p) || p < 1) {
        showError(`parallelism '${parallelism}' is not a positive whole number; leave it empty for the default`);
        return;
      }
      body.parallelism = p;
    }
    const args = $('#run-arguments').value.split(/\s+/).filter((a) => a.length > 0);
    if (args.length > 0) body.arguments = args;
    const savepoint = $('#run-savepoint').value.trim();
    if (savepoint) body.savepoint = savepoint;
    const submit = $('#submit-button');
    submit.disabled = true;
    try {
      const answer = await postJson(`/api/jars/${encodeURIComponent(form.dataset.jarId)}/run`, body);
      clearError('action');
      goToJob(answer.jobId);
    } catch (e) {
      showError(`Submitting the job failed: ${e.message}`);
    } finally {
      submit.disabled = false;
    }
  });

  // ---------------------------------------------------------------- one job

  function jobView(jobId) {
    $('#jobs-view').hidden = true;
    $('#job-view').hidden = false;
    $('#job-id').textContent = jobId;
    $('#job-title').textContent = jobId;
    setState($('#job-state'), '');
    $('#job-state').textContent = '…';
    $('#savepoint-form').hidden = true;
    $('#savepoint-status').hidden = true;
    $('#last-failure').hidden = true;
    $('#last-failure').dataset.key = '';
    $('#checkpoints-table tbody').replaceChildren();
    $('#checkpoints-table tbody').dataset.key = '';
    $('#checkpoint-counts').textContent = '';
    graph.clear();
    let current = null; // the job as last fetched

    const state = {
      jobId,
      job: () => current,
      async refresh(gen) {
        const [job, graphAnswer, checkpoints] = await Promise.allSettled([
          api(`/api/jobs/${encodeURIComponent(jobId)}`),
          api(`/api/jobs/${encodeURIComponent(jobId)}/graph`),
          api(`/api/jobs/${encodeURIComponent(jobId)}/checkpoints`)]);
        if (gen !== generation) return;
        if (job.status === 'rejected') {
          showError(`Job ${jobId}: ${job.reason.message}`, 'poll');
          return;
        }
        clearError('poll');
        current = job.value;
        renderJob(current);
        if (graphAnswer.status === 'fulfilled') {
          graph.render(graphAnswer.value);
          $('#graph-note').hidden = true;
        } else {
          $('#graph-note').textContent = `Graph: ${graphAnswer.reason.message}`;
          $('#graph-note').hidden = false;
        }
        if (checkpoints.status === 'fulfilled') {
          renderCheckpoints(checkpoints.value);
          $('#checkpoints-note').hidden = true;
        } else {
          $('#checkpoints-note').textContent = `Checkpoints: ${checkpoints.reason.message}`;
          $('#checkpoints-note').hidden = false;
        }
      },
    };
    return state;
  }

  function renderJob(job) {
    document.title = `Sluice: ${job.name || job.id}`;
    $('#job-title').textContent = job.name || job.id;
    setState($('#job-state'), job.state);
    $('#job-start').textContent = formatTime(job.startTime);
    $('#job-uptime').textContent = formatDuration(job.uptimeMs);
    $('#job-end').textContent = job.endTime ? formatTime(job.endTime) : '–';
    $('#job-restarts').textContent = String(job.restarts);
    $('#job-parallelism').textContent = job.parallelism === undefined || job.parallelism === null ? '–' : String(job.parallelism);
    $('#job-class').textContent = job.jobClass || '–';
    $('#job-jar').textContent = job.jarId || '–';
    $('#job-arguments').textContent = (job.arguments || []).join(' ') || '–';
    $('#job-configuration').textContent = Object.entries(job.configuration || {})
      .map(([key, value]) => `${key}=${value}`).join(' ') || '–';
    const ended = TERMINAL_STATES.has(job.state);
    $('#cancel-button').disabled = ended || job.state === 'CANCELLING';
    $('#savepoint-button').disabled = job.state !== 'RUNNING';
    $('#stop-button').disabled = job.state !== 'RUNNING';
    renderFailure(job.lastFailure);
  }

  /** Updated only when the failure changes, so an opened stack trace stays open while polling. */
  function renderFailure(failure) {
    const box = $('#last-failure');
    if (!failure) {
      box.hidden = true;
      return;
    }
    const key = `${failure.time}\n${failure.message}`;
    if (box.dataset.key !== key) {
      box.dataset.key = key;
      $('#failure-time').textContent = formatTime(failure.time);
      $('#failure-message').textContent = failure.message || '(no message)';
      $('#failure-trace').textContent = failure.stackTrace || '(no stack trace)';
    }
    box.hidden = false;
  }

  function renderCheckpoints(answer) {
    const counts = answer.counts || {};
    let text = `${counts.completed || 0} completed · ${counts.failed || 0} failed · ${counts.inProgress || 0} in progress`
      + ` · ${counts.restarts || 0} restarts`;
    if (answer.restoredFrom !== null && answer.restoredFrom !== undefined) text += ` · restored from ${answer.restoredFrom}`;
    $('#checkpoint-counts').textContent = text;
    const tbody = $('#checkpoints-table tbody');
    const history = answer.history || [];
    $('#checkpoints-table').hidden = history.length === 0;
    const key = JSON.stringify(history);
    if (tbody.dataset.key === key) return;
    tbody.dataset.key = key;
    tbody.replaceChildren(...history.map((c) => {
      const row = document.createElement('tr');
      row.dataset.checkpointId = String(c.id);
      const cells = [
        [String(c.id), 'num'], [c.kind, ''], [c.status, `checkpoint-status status-${c.status}`],
        [formatTime(c.triggerTime), ''], [formatDuration(c.durationMs), 'num'], [formatBytes(c.sizeBytes), 'num'],
        [formatDuration(c.alignmentMs), 'num'], [c.failure || c.path || '–', c.failure ? 'checkpoint-failure' : ''],
      ];
      for (const [value, className] of cells) {
        const cell = document.createElement('td');
        cell.textContent = value;
        if (className) cell.className = className;
        row.appendChild(cell);
      }
      return row;
    }));
  }

  $('#cancel-button').addEventListener('click', async () => {
    if (!view || !view.jobId) return;
    const job = view.job();
    const label = job && job.name ? `'${job.name}' (${view.jobId})` : view.jobId;
    if (!confirm(`Cancel job ${label}?`)) return;
    try {
      await postJson(`/api/jobs/${encodeURIComponent(view.jobId)}/cancel`, {});
      clearError('action');
      pollNow();
    } catch (e) {
      showError(`Cancelling job ${view.jobId} failed: ${e.message}`);
    }
  });

  // ---------------------------------------------------------------- savepoints

  function openSavepointForm(stop) {
    const form = $('#savepoint-form');
    form.dataset.mode = stop ? 'stop' : 'savepoint';
    $('#savepoint-form-label').textContent = stop
      ? 'Stop the job after a savepoint into' : 'Savepoint directory';
    $('#savepoint-confirm').textContent = stop ? 'Stop with savepoint' : 'Take savepoint';
    const input = $('#savepoint-directory');
    if (!input.value) input.value = localStorage.getItem(SAVEPOINT_DIRECTORY_KEY) || '';
    form.hidden = false;
    input.focus();
  }

  $('#savepoint-button').addEventListener('click', () => openSavepointForm(false));
  $('#stop-button').addEventListener('click', () => openSavepointForm(true));
  $('#savepoint-dismiss').addEventListener('click', () => { $('#savepoint-form').hidden = true; });

  $('#savepoint-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!view || !view.jobId) return;
    const jobId = view.jobId;
    const gen = generation;
    const stop = $('#savepoint-form').dataset.mode === 'stop';
    const directory = $('#savepoint-directory').value.trim();
    if (!directory) {
      showError('enter the directory the savepoint goes to (an absolute path on the runtime\'s machine)');
      return;
    }
    localStorage.setItem(SAVEPOINT_DIRECTORY_KEY, directory);
    const what = stop ? 'Stop with savepoint' : 'Savepoint';
    $('#savepoint-confirm').disabled = true;
    try {
      const answer = await postJson(`/api/jobs/${encodeURIComponent(jobId)}/${stop ? 'stop' : 'savepoints'}`, { directory });
      $('#savepoint-form').hidden = true;
      clearError('action');
      showSavepointStatus('IN_PROGRESS', `${what} in progress (request ${answer.requestId})…`);
      followSavepoint(jobId, answer.requestId, what, gen);
    } catch (e) {
      showError(`${what} of job ${jobId} failed: ${e.message}`);
    } finally {
      $('#savepoint-confirm').disabled = false;
    }
  });

  function showSavepointStatus(status, text) {
    const box = $('#savepoint-status');
    box.dataset.status = status;
    box.textContent = text;
    box.hidden = false;
  }

  /** Polls one savepoint request until it ends, while its job stays on screen. */
  async function followSavepoint(jobId, requestId, what, gen) {
    while (gen === generation) {
      await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
      if (gen !== generation) return;
      let answer;
      try {
        answer = await api(`/api/jobs/${encodeURIComponent(jobId)}/savepoints/${encodeURIComponent(requestId)}`);
      } catch (e) {
        showSavepointStatus('FAILED', `${what}: cannot follow request ${requestId}: ${e.message}`);
        return;
      }
      if (gen !== generation) return;
      if (answer.status === 'COMPLETED') {
        showSavepointStatus('COMPLETED', `${what} completed: ${answer.path}`);
        pollNow();
        return;
      }
      if (answer.status === 'FAILED') {
        showSavepointStatus('FAILED', `${what} failed: ${answer.failure || 'no reason given'}`);
        return;
      }
    }
  }

  // ---------------------------------------------------------------- the job graph

  const graph = (() => {
    const OP_W = 250;
    const OP_H = 92;
    const OP_GAP = 8;
    const CHAIN_PAD = 8;
    const CHAIN_HEADER = 22;
    const COLUMN_GAP = 110;
    const ROW_GAP = 30;
    const MARGIN = 16;
    const LINE = 15.5;
    const BACK_PRESSURED = 0.5;

    let structureKey = null;
    let operatorParts = new Map(); // operator id -> the SVG elements that show its numbers

    function svg(tag, attributes, parent) {
      const e = document.createElementNS(SVG_NS, tag);
      for (const [k, v] of Object.entries(attributes || {})) e.setAttribute(k, String(v));
      if (parent) parent.appendChild(e);
      return e;
    }

    function text(parent, x, y, className, content) {
      const t = svg('text', { x, y, class: className }, parent);
      t.textContent = content;
      return t;
    }

    function clip(s, max) {
      return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
    }

    /** Columns by longest path from a source (topological depth); rows ordered near their inputs. */
    function layout(model) {
      const chains = [...model.chains].sort((a, b) => a.id - b.id);
      const byId = new Map(chains.map((c) => [c.id, c]));
      const edges = (model.edges || []).filter((e) => byId.has(e.source) && byId.has(e.target) && e.source !== e.target);
      const inputs = new Map(chains.map((c) => [c.id, []]));
      const outputs = new Map(chains.map((c) => [c.id, []]));
      for (const e of edges) {
        inputs.get(e.target).push(e.source);
        outputs.get(e.source).push(e.target);
      }
      const depth = new Map(chains.map((c) => [c.id, 0]));
      const remaining = new Map(chains.map((c) => [c.id, inputs.get(c.id).length]));
      const ready = chains.filter((c) => remaining.get(c.id) === 0).map((c) => c.id);
      while (ready.length > 0) {
        const id = ready.shift();
        for (const next of outputs.get(id)) {
          depth.set(next, Math.max(depth.get(next), depth.get(id) + 1));
          remaining.set(next, remaining.get(next) - 1);
          if (remaining.get(next) === 0) ready.push(next);
        }
      }
      const columns = [];
      for (const c of chains) {
        const d = depth.get(c.id);
        (columns[d] = columns[d] || []).push(c);
      }
      const row = new Map();
      for (const column of columns) {
        if (!column) continue;
        const weight = (c) => {
          const placed = inputs.get(c.id).filter((i) => row.has(i));
          return placed.length === 0 ? c.id : placed.reduce((sum, i) => sum + row.get(i), 0) / placed.length;
        };
        column.sort((a, b) => weight(a) - weight(b) || a.id - b.id);
        column.forEach((c, index) => row.set(c.id, index));
      }
      const operatorsOf = (chain) => {
        const ids = chain.operators && chain.operators.length > 0
          ? chain.operators
          : model.operators.filter((o) => o.chain === chain.id).map((o) => o.id);
        return ids.filter((id) => model.operators.some((o) => o.id === id));
      };
      const boxes = new Map();
      const chainWidth = OP_W + 2 * CHAIN_PAD;
      const columnHeights = columns.map((column) => (column || []).reduce(
        (h, c) => h + chainHeight(operatorsOf(c).length) + ROW_GAP, -ROW_GAP));
      const height = Math.max(0, ...columnHeights);
      columns.forEach((column, d) => {
        if (!column) return;
        let y = MARGIN + (height - columnHeights[d]) / 2;
        for (const c of column) {
          const ops = operatorsOf(c);
          const h = chainHeight(ops.length);
          boxes.set(c.id, { chain: c, operators: ops, depth: d, x: MARGIN + d * (chainWidth + COLUMN_GAP), y, w: chainWidth, h });
          y += h + ROW_GAP;
        }
      });
      return {
        boxes,
        edges,
        width: 2 * MARGIN + columns.length * chainWidth + Math.max(0, columns.length - 1) * COLUMN_GAP,
        height: 2 * MARGIN + height,
      };
    }

    function chainHeight(operatorCount) {
      return CHAIN_HEADER + Math.max(1, operatorCount) * (OP_H + OP_GAP) + CHAIN_PAD - OP_GAP + CHAIN_PAD;
    }

    /**
     * An arrow from the right side of one chain to the left side of another. One that skips
     * columns goes around the boxes in between, along a lane above or below them, whichever is
     * nearer, so that neither the arrow nor its label hides behind a box.
     */
    function routeEdge(e, boxes) {
      const from = boxes.get(e.source);
      const to = boxes.get(e.target);
      const x1 = from.x + from.w;
      const y1 = from.y + from.h / 2;
      const x2 = to.x;
      const y2 = to.y + to.h / 2;
      const between = [...boxes.values()].filter((b) => b.depth > from.depth && b.depth < to.depth
        && b.y - ROW_GAP / 2 < Math.max(y1, y2) && b.y + b.h + ROW_GAP / 2 > Math.min(y1, y2));
      if (between.length === 0) {
        const bend = Math.max(40, Math.abs(x2 - x1) / 2);
        return {
          d: `M ${x1} ${y1} C ${x1 + bend} ${y1}, ${x2 - bend} ${y2}, ${x2} ${y2}`,
          labelX: (x1 + x2) / 2, labelY: (y1 + y2) / 2 - 6, top: Math.min(y1, y2) - 20, bottom: Math.max(y1, y2),
        };
      }
      const above = Math.min(...between.map((b) => b.y)) - ROW_GAP / 2;
      const below = Math.max(...between.map((b) => b.y + b.h)) + ROW_GAP / 2;
      const middle = (y1 + y2) / 2;
      const lane = middle - above <= below - middle ? above : below;
      const xa = x1 + COLUMN_GAP / 2;
      const xb = x2 - COLUMN_GAP / 2;
      const q = COLUMN_GAP / 4;
      return {
        d: `M ${x1} ${y1} C ${x1 + q} ${y1}, ${xa - q} ${lane}, ${xa} ${lane} L ${xb} ${lane}`
          + ` C ${xb + q} ${lane}, ${x2 - q} ${y2}, ${x2} ${y2}`,
        labelX: (xa + xb) / 2, labelY: lane - 6, top: lane - 20, bottom: lane + 4,
      };
    }

    function build(model) {
      const container = $('#graph');
      const { boxes, edges, width, height: boxesHeight } = layout(model);
      const routes = edges.map((e) => routeEdge(e, boxes));
      const shift = Math.max(0, MARGIN - Math.min(MARGIN, ...routes.map((r) => r.top)));
      const height = Math.max(boxesHeight, ...routes.map((r) => r.bottom + MARGIN)) + shift;
      const svgRoot = svg('svg', { width, height, viewBox: `0 0 ${width} ${height}`, role: 'img' });
      const root = svg('g', { transform: `translate(0,${shift})` }, svgRoot);
      svg('title', {}, svgRoot).textContent = 'The job graph: one box per chain, data flowing left to right';
      const defs = svg('defs', {}, svgRoot);
      const marker = svg('marker', {
        id: 'arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 8, markerHeight: 8, orient: 'auto-start-reverse',
      }, defs);
      svg('path', { d: 'M 0 0 L 10 5 L 0 10 z', fill: '#5d6678' }, marker);

      const edgeLayer = svg('g', { class: 'edges' }, root);
      edges.forEach((e, index) => {
        const route = routes[index];
        const group = svg('g', { class: 'graph-edge', 'data-source': e.source, 'data-target': e.target }, edgeLayer);
        svg('path', { class: 'edge-path', 'marker-end': 'url(#arrow)', d: route.d }, group);
        const label = text(group, route.labelX, route.labelY, 'edge-label', e.partitioning || '');
        label.setAttribute('text-anchor', 'middle');
      });

      operatorParts = new Map();
      const operators = new Map(model.operators.map((o) => [o.id, o]));
      for (const box of boxes.values()) {
        const group = svg('g', { class: 'chain-box', 'data-chain-id': box.chain.id, transform: `translate(${box.x},${box.y})` }, root);
        svg('rect', { class: 'chain-frame', width: box.w, height: box.h, rx: 6 }, group);
        svg('title', {}, group).textContent = box.chain.name;
        text(group, CHAIN_PAD, 15, 'chain-title', clip(`${box.chain.name}  ×${box.chain.parallelism}`, 38));
        box.operators.forEach((operatorId, index) => {
          const op = operators.get(operatorId);
          const y = CHAIN_HEADER + CHAIN_PAD + index * (OP_H + OP_GAP) - CHAIN_PAD / 2;
          const g = svg('g', { class: 'op-box', 'data-operator-id': op.id, transform: `translate(${CHAIN_PAD},${y})` }, group);
          const rect = svg('rect', { class: 'op-rect', width: OP_W, height: OP_H, rx: 4 }, g);
          const title = svg('title', {}, g);
          title.textContent = op.name;
          text(g, 8, 16, 'op-name', clip(op.name, 30));
          const parallelism = text(g, OP_W - 8, 16, 'op-line op-parallelism', '');
          parallelism.setAttribute('text-anchor', 'end');
          operatorParts.set(op.id, {
            group: g,
            rect,
            title,
            parallelism,
            recordsIn: text(g, 8, 16 + LINE, 'op-line op-records-in', ''),
            recordsOut: text(g, 8, 16 + 2 * LINE, 'op-line op-records-out', ''),
            load: text(g, 8, 16 + 3 * LINE, 'op-line op-load', ''),
            watermark: text(g, 8, 16 + 4 * LINE, 'op-line op-watermark', ''),
          });
        });
      }
      container.replaceChildren(svgRoot);
    }

    /** White when idle, warmer (orange) as busy goes to 1; light red when back-pressured. */
    function fill(op) {
      if (op.backPressure > BACK_PRESSURED) return '#fbd5d5';
      const busy = Math.min(1, Math.max(0, Number.isFinite(op.busy) ? op.busy : 0));
      return `hsl(35, ${Math.round(40 + 55 * busy)}%, ${Math.round(97 - 30 * busy)}%)`;
    }

    function update(model) {
      for (const op of model.operators) {
        const parts = operatorParts.get(op.id);
        if (!parts) continue;
        parts.parallelism.textContent = `×${op.parallelism}`;
        // the metrics the operator's functions registered, in its tooltip
        parts.title.textContent = [op.name, ...(op.userMetrics || []).map(formatUserMetric)].join('\n');
        parts.recordsIn.textContent = `in   ${formatCount(op.recordsIn)}  (${formatRate(op.recordsInPerSecond)})`;
        parts.recordsIn.dataset.value = String(op.recordsIn);
        parts.recordsOut.textContent = `out ${formatCount(op.recordsOut)}  (${formatRate(op.recordsOutPerSecond)})`;
        parts.recordsOut.dataset.value = String(op.recordsOut);
        parts.load.textContent = `busy ${formatPercent(op.busy)} · back-pressure ${formatPercent(op.backPressure)}`;
        parts.watermark.textContent = op.watermark === null || op.watermark === undefined
          ? 'no watermark'
          : `${formatWatermark(op.watermark)} · lag ${formatDuration(op.watermarkLagMs)}`;
        parts.rect.setAttribute('fill', fill(op));
        parts.group.classList.toggle('back-pressured', op.backPressure > BACK_PRESSURED);
        parts.group.dataset.busy = String(op.busy);
        parts.group.dataset.backPressure = String(op.backPressure);
      }
    }

    return {
      clear() {
        structureKey = null;
        operatorParts = new Map();
        $('#graph').replaceChildren();
        $('#graph-note').hidden = true;
      },
      /** Rebuilds the picture when the graph's shape changes, otherwise only updates its numbers. */
      render(model) {
        const key = JSON.stringify([
          model.chains.map((c) => [c.id, c.name, c.parallelism, c.operators]),
          model.operators.map((o) => [o.id, o.name, o.chain]),
          (model.edges || []).map((e) => [e.source, e.target, e.partitioning])]);
        if (key !== structureKey) {
          structureKey = key;
          build(model);
        }
        update(model);
      },
    };
  })();

  window.addEventListener('hashchange', route);
  route();
})();
