// odoo-backup console: the seed's "Method 1: Via UI" on the API of docs/api.md and nothing else. Plain ES module,
// no build; the token lives in sessionStorage (this browser tab's session) only.

const view = document.getElementById('view');
const nav = document.getElementById('nav');
const notice = document.getElementById('notice');
const STEPS = [['initialize', 'Initialize'], ['database', 'Backup database'], ['filestore', 'Backup filestore'],
  ['manifest', 'Create manifest'], ['package', 'Package backup'], ['upload', 'Upload to storage'], ['verify', 'Verify backup']];
const RUNNING = ['pending', 'in_progress', 'uploading'];
const PAGE = 10;
let following = null; // the task whose progress is on screen: {taskId, abort}
let drawing = 0; // views load in the background: only the latest one asked for is drawn

const token = () => sessionStorage.getItem('token');
/** Whether the signed-in token holds a permission (GET /tokens/self at sign-in): nothing is offered that it may not do. */
const may = permission => (sessionStorage.getItem('permissions') || '').split(' ').includes(permission);

/** Text into an element, never HTML: every value from the API is shown as text. */
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined) node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

let said = 0;

function say(text, bad = false) {
  said = Date.now();
  notice.textContent = text;
  notice.classList.toggle('bad', bad);
  notice.hidden = !text;
}

class ApiError extends Error {
  constructor(status, detail) { super(detail); this.status = status; }
}

async function api(method, path, body) {
  const response = await fetch('/api/v1' + path, {
    method, headers: { Authorization: 'Bearer ' + token(), 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body) });
  if (response.status === 401) {
    signOut('Your token is unknown, revoked or expired: sign in again');
    throw new ApiError(401, 'signed out');
  }
  const text = await response.text();
  const json = text ? JSON.parse(text) : null;
  if (!response.ok) throw new ApiError(response.status, json && json.detail ? json.detail : 'HTTP ' + response.status);
  return json;
}

const size = bytes => bytes === null || bytes === undefined ? '—'
  : bytes < 1024 ? bytes + ' B' : bytes < 1048576 ? (bytes / 1024).toFixed(1) + ' KB'
  : bytes < 1073741824 ? (bytes / 1048576).toFixed(1) + ' MB' : (bytes / 1073741824).toFixed(2) + ' GB';
const when = iso => iso ? new Date(iso).toLocaleString() : '—';
/** How long ago, in the unit a person reads at a glance. */
const ago = iso => {
  const s = (Date.now() - new Date(iso).getTime()) / 1000;
  return s < 90 ? Math.max(0, Math.round(s)) + ' s ago' : s < 5400 ? Math.round(s / 60) + ' min ago'
    : s < 172800 ? Math.round(s / 3600) + ' h ago' : Math.round(s / 86400) + ' days ago';
};
/** A failure's first line, cut at 100 characters (the whole text is the element's title). */
const short = text => { const line = text.split('\n')[0]; return line.length > 100 ? line.slice(0, 99) + '…' : line; };
const status = value => el('span', { class: 'status-' + value }, value.replace('_', ' '));

function signOut(message) {
  sessionStorage.clear();
  if (following) following.abort.abort();
  following = null;
  location.hash = '#/';
  say(message || '', Boolean(message));
  route();
}

// ---- sign in -------------------------------------------------------------------------------------------------
function signIn() {
  nav.hidden = true;
  const error = el('p', { class: 'error', role: 'alert', id: 'sign-in-error', hidden: true });
  const input = el('input', { id: 'token', name: 'token', type: 'password', autocomplete: 'off', required: true });
  const form = el('form', { class: 'card stack', onsubmit: async event => {
    event.preventDefault();
    sessionStorage.setItem('token', input.value.trim());
    const check = await fetch('/api/v1/environments?limit=1', { headers: { Authorization: 'Bearer ' + token() } });
    if (check.status === 401) {
      sessionStorage.clear();
      error.textContent = 'This token is unknown or revoked: check it and try again';
      error.hidden = false;
      input.focus();
      return;
    }
    const self = await fetch('/api/v1/tokens/self', { headers: { Authorization: 'Bearer ' + token() } }).then(r => r.json());
    sessionStorage.setItem('permissions', self.permissions.join(' '));
    say('');
    location.hash = '#/environments';
  } },
  el('h2', {}, 'Sign in'),
  el('p', { class: 'sub' }, 'With an API token of your organization. It is kept for this browser tab only.'),
  el('p', { class: 'hint', id: 'token-help' }, 'Where the token is: the service\'s operator holds the admin token (the file admin-token in'
    + ' the service\'s data folder, or BACKUP_ADMIN_TOKEN) and gives each organization its own (POST /api/v1/tokens).'),
  el('label', { for: 'token' }, 'Token'), input, error,
  el('div', { class: 'actions' }, el('button', { type: 'submit', class: 'primary' }, 'Sign in')));
  view.replaceChildren(form);
  input.focus();
}

// ---- environments --------------------------------------------------------------------------------------------
async function environments() {
  const mine = ++drawing;
  const list = await api('GET', '/environments?limit=500');
  const rows = await Promise.all(list.items.map(async env => {
    const id = encodeURIComponent(env.id);
    const [last, done, rules, policy] = await Promise.all([
      api('GET', `/backups/environments/${id}/backups?limit=1`).then(page => page.items[0]),
      api('GET', `/backups/environments/${id}/backups?status=completed&limit=1`).then(page => page.items[0]),
      api('GET', `/environments/${id}/alert-rules`).catch(() => null),
      api('GET', `/backups/environments/${id}/policy`).catch(() => null)]);
    // red past the environment's no_backup_hours rule (the alert's own threshold), when that rule is on
    const hours = rules && typeof rules.no_backup_hours === 'number' ? rules.no_backup_hours : null;
    const late = hours !== null && (!done || Date.now() - new Date(done.completed_at).getTime() > hours * 3600000);
    const age = el('span', { class: late ? 'age late' : 'age' }, done ? 'Last completed ' + ago(done.completed_at) : 'No completed backup yet',
      late ? el('span', { class: 'hint' }, ` (more than ${hours} h: alert rule no_backup_hours)`) : null);
    return el('tr', { 'data-env': env.id },
      el('td', { 'data-label': 'Environment' }, el('a', { href: '#/environments/' + id }, env.name),
        el('div', { class: 'hint' }, env.id)),
      el('td', { 'data-label': 'Last backup' }, age, last ? el('div', { class: 'hint' }, 'Latest: ', when(last.created_at), ' · ',
        status(last.status), ' · ', size(last.compressed_size)) : null),
      el('td', { 'data-label': 'Schedule', class: 'schedule' }, schedule(policy)),
      el('td', { class: 'actions-cell' }, may('project.backups.create')
        ? el('button', { class: 'primary', onclick: () => openCreate(env) }, 'Create Backup') : null));
  }));
  if (mine !== drawing) return;
  view.replaceChildren(el('section', { class: 'card' },
    el('h2', {}, 'Environments'),
    rows.length ? el('table', {}, el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Environment'),
      el('th', { scope: 'col' }, 'Last backup'), el('th', { scope: 'col' }, 'Schedule'),
      el('th', { scope: 'col' }, el('span', { class: 'hint' }, 'Actions')))),
    el('tbody', {}, rows)) : el('p', {}, 'No environment is registered for this token\'s organization yet.')));
}

/** A policy's schedule: when it runs next, and how its last run went (late or missed in red, with the reason). */
function schedule(policy) {
  if (!policy || !policy.enabled) return 'No schedule';
  const run = policy.last_run;
  const bad = run && (run.outcome === 'late' || run.outcome === 'missed');
  return [`Daily ${policy.schedule_time} ${policy.timezone} (window ${policy.schedule_window_minutes} min)`,
    el('div', { class: 'hint' }, 'Next: ' + when(policy.next_run_at)),
    run ? el('div', { class: bad ? 'late' : 'hint' }, `Last run (planned ${when(run.planned_at)}): ${run.outcome.replace('_', ' ')}`,
      bad && run.reason ? ' · ' + run.reason : '') : null];
}

// ---- one environment's backups -------------------------------------------------------------------------------
/** Redraws an environment's page after something ended, unless the person has gone elsewhere meanwhile. */
function redraw(id, offset = 0) {
  const shown = /^#\/environments\/([^?]+)/.exec(location.hash);
  if (shown && decodeURIComponent(shown[1]) === id) environment(id, offset);
}

async function environment(id, offset) {
  const mine = ++drawing;
  const env = await api('GET', '/environments/' + encodeURIComponent(id));
  const page = await api('GET', `/backups/environments/${encodeURIComponent(id)}/backups?limit=${PAGE}&offset=${offset}`);
  if (mine !== drawing) return;
  // the progress panel stays while the list around it is redrawn (a finished backup keeps its steps on screen)
  const kept = document.getElementById('progress');
  const progress = kept && kept.dataset.env === id ? kept : el('section', { class: 'card', id: 'progress', 'data-env': id, hidden: true });
  const rows = page.items.map(backup => backupRow(env, backup));
  view.replaceChildren(
    el('section', { class: 'card' },
      el('div', { class: 'head' }, el('div', {}, el('h2', {}, 'Backups of ' + env.name), el('p', { class: 'sub' }, env.id)),
        may('project.backups.create') ? el('button', { class: 'primary', onclick: () => openCreate(env) }, 'Create Backup') : null),
      page.items.length ? el('table', {}, el('thead', {}, el('tr', {}, ...['Status', 'Verified', 'Size', 'Created', 'Expires',
        'Type', 'Retention', 'Actions'].map(name => el('th', { scope: 'col' }, name)))), el('tbody', {}, rows))
        : el('p', {}, 'No backup yet.'),
      el('div', { class: 'pager' },
        el('span', { class: 'hint' }, page.total ? `${offset + 1}–${Math.min(offset + PAGE, page.total)} of ${page.total}` : ''),
        el('button', { disabled: offset === 0, onclick: () => go(`#/environments/${id}?offset=${Math.max(0, offset - PAGE)}`) }, 'Previous'),
        el('button', { disabled: offset + PAGE >= page.total, onclick: () => go(`#/environments/${id}?offset=${offset + PAGE}`) }, 'Next'))),
    progress);
  // a backup that runs (just asked for, or from before a reload) shows its progress
  const active = sessionStorage.getItem('active-task');
  const running = page.items.find(backup => RUNNING.includes(backup.status));
  // what this tab asked for (a restore's own task, not its pre-restore backup's) before what else runs
  const task = active || (running ? running.task_id : null);
  if (task && !(following && following.taskId === task)) {
    follow(task, progress, active ? sessionStorage.getItem('active-kind') || 'Backup' : 'Backup', () => redraw(id, offset));
  }
}

function backupRow(env, backup) {
  const completed = backup.status === 'completed';
  const verified = [completed && backup.is_verified ? el('span', { class: 'badge ok', title: 'Database and filestore SHA-256 checksums matched after upload' }, '✓ Verified') : '—'];
  if (completed && backup.restore_verified_at) verified.push(' ', el('span', { class: 'badge ok', title: backup.restore_check && backup.restore_check.message }, '✓ Restore verified'));
  const actions = [];
  if (completed) {
    actions.push(el('button', { onclick: () => download(backup) }, 'Download'));
    if (may('project.backups.restore')) actions.push(el('button', { onclick: () => restore(env, backup) }, 'Restore'));
    if (may('project.backups.delete')) actions.push(el('button', { onclick: () => remove(env, backup) }, 'Delete'));
  }
  if (completed && may('project.backups.policy')) {
    if (backup.retention_type !== 'permanent') actions.push(el('button', { onclick: () => keep(env, backup) }, 'Keep forever'));
    const date = el('input', { type: 'date', 'aria-label': 'New expiry date', required: true });
    const expiry = el('form', { class: 'actions', hidden: true, onsubmit: async event => {
      event.preventDefault();
      try {
        await api('PATCH', `/backups/${backup.id}`, { expires_at: new Date(date.value + 'T00:00:00Z').toISOString().replace('.000Z', 'Z') });
        say('✓ Expiry changed');
        redraw(env.id);
      } catch (e) { if (e.status !== 401) say('Not changed: ' + e.message, true); }
    } }, date, el('button', { type: 'submit' }, 'Save expiry'));
    actions.push(el('button', { 'aria-expanded': 'false', onclick: event => {
      expiry.hidden = !expiry.hidden;
      event.target.setAttribute('aria-expanded', String(!expiry.hidden));
      if (!expiry.hidden) date.focus();
    } }, 'Change expiry'), expiry);
  }
  return el('tr', { 'data-backup': backup.id },
    el('td', { 'data-label': 'Status' }, status(backup.status), backup.error_message
      ? el('div', { class: 'hint failure', title: backup.error_message }, short(backup.error_message)) : null),
    el('td', { 'data-label': 'Verified' }, verified),
    el('td', { 'data-label': 'Size' }, size(backup.compressed_size)),
    el('td', { 'data-label': 'Created' }, when(backup.created_at)),
    el('td', { 'data-label': 'Expires' }, !completed ? '—' : backup.retention_type === 'permanent' ? 'never' : when(backup.expires_at)),
    el('td', { 'data-label': 'Type' }, backup.backup_type.replace('_', '-')),
    el('td', { 'data-label': 'Retention' }, backup.retention_type || '—'),
    el('td', { class: 'actions-cell' }, el('div', { class: 'actions' }, actions)));
}

async function download(backup) {
  const response = await fetch(`/api/v1/backups/${backup.id}/download`, { headers: { Authorization: 'Bearer ' + token() } });
  if (!response.ok) { say('The download failed: ' + ((await response.json().catch(() => ({}))).detail || response.status), true); return; }
  const name = /filename="([^"]+)"/.exec(response.headers.get('Content-Disposition') || '');
  const link = el('a', { href: URL.createObjectURL(await response.blob()), download: name ? name[1] : backup.id + '.zip' });
  document.body.append(link);
  link.click();
  link.remove();
}

function confirmDialog(title, text, ok) {
  const dialog = document.getElementById('confirm-dialog');
  document.getElementById('confirm-title').textContent = title;
  document.getElementById('confirm-text').textContent = text;
  document.getElementById('confirm-ok').textContent = ok;
  dialog.returnValue = '';
  dialog.showModal();
  return new Promise(resolve => dialog.addEventListener('close', () => resolve(dialog.returnValue === 'confirm'), { once: true }));
}

async function restore(env, backup) {
  if (!await confirmDialog('Restore backup?', `Restore the backup of ${when(backup.created_at)} into environment ${env.name} (${env.id})?`
    + ` A pre-restore backup of ${env.name} is taken first; then its database and filestore are replaced by the backup's.`, 'Restore')) return;
  try {
    const started = await api('POST', `/backups/${backup.id}/restore`, {});
    sessionStorage.setItem('active-task', started.task_id);
    sessionStorage.setItem('active-kind', 'Restore');
    say('✓ Restore started: a pre-restore backup first, then the swap');
    redraw(env.id);
  } catch (e) { if (e.status !== 401) say('The restore did not start: ' + e.message, true); }
}

async function remove(env, backup) {
  if (!await confirmDialog('Delete backup?', `Delete the backup of ${when(backup.created_at)} of ${env.name}? Its object and every copy`
    + ' are removed from storage; the record stays, marked deleted.', 'Delete')) return;
  try {
    await api('DELETE', `/backups/${backup.id}`);
    say('✓ Backup deleted');
    redraw(env.id);
  } catch (e) { if (e.status !== 401) say('The backup was not deleted: ' + e.message, true); }
}

async function keep(env, backup) {
  try {
    await api('PATCH', `/backups/${backup.id}`, { retention_type: 'permanent' });
    say('✓ The backup is kept forever');
    redraw(env.id);
  } catch (e) { if (e.status !== 401) say('Not changed: ' + e.message, true); }
}

// ---- live progress (server-sent events read with fetch: EventSource cannot send the token) ------------------
function follow(taskId, panel, kind, onEnd) {
  if (following) following.abort.abort();
  const abort = new AbortController();
  following = { taskId, abort };
  let started = Date.now(); // until the task says when it started (after a reload, long before now)
  let percent = 0; // the last figure heard: a failure keeps it instead of falling back to 0
  let reached = -1; // the last step heard: a failure marks it, and the ones before it stay done
  panel.hidden = false;
  const title = el('h3', {}, kind + ' Progress: 0%');
  const bar = el('div', { style: null });
  const meter = el('div', { class: 'progress', role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': 0,
    'aria-label': kind + ' progress' }, bar);
  const message = el('p', { id: 'progress-status' });
  const elapsed = el('p', { class: 'hint' }, 'Started: ' + new Date(started).toLocaleString());
  const steps = el('ol', { class: 'steps', 'aria-label': 'Steps' });
  panel.replaceChildren(title, meter, message, elapsed, kind === 'Backup' ? steps : '');
  const tick = setInterval(() => {
    elapsed.textContent = `Started: ${new Date(started).toLocaleString()} · Elapsed: ${Math.round((Date.now() - started) / 1000)} seconds`;
  }, 1000);
  api('GET', '/tasks/' + taskId).then(task => {
    if (task.started_at) { started = new Date(task.started_at).getTime(); elapsed.dataset.started = task.started_at; }
  }).catch(() => {});
  const show = (type, data) => {
    if (typeof data.progress === 'number' && (type !== 'task.failed' || data.progress > 0)) percent = data.progress;
    title.textContent = `${kind} Progress: ${percent}%`;
    bar.style.width = percent + '%';
    meter.setAttribute('aria-valuenow', percent);
    message.textContent = (type === 'task.failed' ? 'Failed: ' : 'Status: ') + (data.message || '');
    message.className = type === 'task.failed' ? 'error' : '';
    const heard = STEPS.findIndex(([step]) => step === data.step);
    if (heard >= 0) reached = heard;
    const at = type === 'task.completed' ? STEPS.length : reached;
    steps.replaceChildren(...STEPS.map(([step, label], index) => {
      const state = type === 'task.completed' || index < at ? 'done' : index === at ? (type === 'task.failed' ? 'failed' : 'running') : 'waiting';
      const mark = { done: '✓', running: '⟳', waiting: '○', failed: '✗' }[state];
      return el('li', { class: state, 'data-step': step }, el('span', { class: 'mark', 'aria-hidden': 'true' }, mark),
        label, el('span', { class: 'visually-hidden' }, ` (${state})`));
    }));
  };
  (async () => {
    try {
      const response = await fetch(`/api/v1/tasks/${taskId}/events`, { headers: { Authorization: 'Bearer ' + token() }, signal: abort.signal });
      if (!response.ok) throw new Error('HTTP ' + response.status);
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      let last = null;
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const type = /^event: (.*)$/m.exec(block);
          const data = /^data: (.*)$/m.exec(block);
          if (type && data) { last = type[1]; show(last, JSON.parse(data[1])); }
        }
      }
      if (last === 'task.completed' || last === 'task.failed') {
        sessionStorage.removeItem('active-task');
        following = null;
        const reason = message.textContent.replace('Failed: ', '');
        say(last === 'task.completed' ? `✓ ${kind} completed` : reason.startsWith(kind + ' failed') ? reason : `${kind} failed: ${reason}`,
          last === 'task.failed');
        clearInterval(tick);
        if (onEnd) setTimeout(onEnd, 300);
      }
    } catch (e) {
      clearInterval(tick);
      if (e.name !== 'AbortError') message.textContent = 'Progress is not available: ' + e.message;
    }
  })();
}

// ---- Create Backup dialog ------------------------------------------------------------------------------------
async function openCreate(env) {
  const dialog = document.getElementById('create-dialog');
  const select = document.getElementById('create-storage');
  const error = document.getElementById('create-error');
  document.getElementById('create-env').textContent = env.name + ' (' + env.id + ')';
  error.hidden = true;
  let configs = [];
  try {
    configs = (await api('GET', '/backups/storage-configs?limit=500')).items.filter(c => c.organization_id === env.organization_id);
  } catch (e) {
    if (e.status === 401) return; // signed out
    configs = []; // a token without org.storage.manage: the organization's default is used
  }
  configs.sort((a, b) => Number(b.is_default) - Number(a.is_default));
  select.replaceChildren(...(configs.length ? configs.map(c => el('option', { value: c.id },
    `${c.name} (${c.provider.toUpperCase()})${c.is_default ? ' [Default]' : ''}`))
    : [el('option', { value: '' }, 'The organization\'s default storage')]));
  // the banner says what the chosen storage does: encrypted only when its configuration says age
  const banner = document.getElementById('create-banner');
  const tell = () => {
    const chosen = configs.find(c => c.id === select.value);
    banner.textContent = 'ℹ️ ' + (!chosen ? 'Whether backups are encrypted depends on the organization\'s default storage.'
      : chosen.encryption === 'age' ? 'Backups on this storage are encrypted with age before they leave the service.'
      : 'Backups on this storage are not encrypted by the service (its encryption is none).')
      + ' Every backup is verified after upload; you can download or restore any completed backup.';
  };
  select.onchange = tell;
  tell();
  document.getElementById('create-form').onsubmit = async event => {
    event.preventDefault();
    const form = new FormData(event.target);
    const body = { backup_type: form.get('type'), include_filestore: document.getElementById('create-filestore').checked };
    if (select.value) body.storage_config_id = select.value;
    if (form.get('retention')) body.retention_type = form.get('retention');
    try {
      const created = await api('POST', `/backups/environments/${encodeURIComponent(env.id)}/backups`, body);
      sessionStorage.setItem('active-task', created.task_id);
      sessionStorage.setItem('active-kind', 'Backup');
      dialog.close();
      say('✓ Backup queued successfully: its progress is shown below');
      if (location.hash === '#/environments/' + encodeURIComponent(env.id)) environment(env.id, 0);
      else go('#/environments/' + encodeURIComponent(env.id));
    } catch (e) {
      if (e.status === 401) { dialog.close(); return; }
      error.textContent = e.message;
      error.hidden = false;
    }
  };
  document.getElementById('create-cancel').onclick = () => dialog.close();
  dialog.showModal();
}

// ---- storage configurations ----------------------------------------------------------------------------------
/** Each provider's fields as the service's drivers declare them (GET /backups/storage-providers), read once. */
let providerFields = null;
/** The fields a form offers: those only the admin token may set (a folder's base path) stay in the API. */
const formFields = provider => providerFields[provider].filter(field => !field.admin_only);
const NAME_FIELD = { name: 'name', type: 'text', secret: false, hint: '' };

/** A field's label and input: a checkbox for a flag, a password box for a secret, a number for a port. */
function fieldInput(field, id, current, editing) {
  const input = field.type === 'flag' ? el('input', { id, name: field.name, type: 'checkbox', checked: current === true })
    : el('input', { id, name: field.name, autocomplete: 'off', title: field.hint || null,
      type: field.secret ? 'password' : field.type === 'port' ? 'number' : 'text',
      value: field.secret || current === null || current === undefined ? '' : String(current),
      placeholder: editing && field.secret ? 'unchanged' : null });
  return [el('label', { for: id }, field.name.replaceAll('_', ' ')), input];
}

/** A configuration's fields, to change in place: what is left as it is (a secret left empty) is not sent. */
function editForm(config) {
  const inputs = [NAME_FIELD, ...formFields(config.provider)]
    .flatMap(field => fieldInput(field, `edit-${config.id}-${field.name}`, config[field.name], true));
  const error = el('p', { class: 'error', role: 'alert', hidden: true });
  return el('form', { class: 'stack edit', hidden: true, onsubmit: async event => {
    event.preventDefault();
    const body = {};
    for (const input of event.target.querySelectorAll('input')) {
      const was = config[input.name];
      if (input.type === 'checkbox') { if (input.checked !== (was === true)) body[input.name] = input.checked; }
      else if (input.type === 'password') { if (input.value) body[input.name] = input.value; }
      else if (input.value !== (was === null || was === undefined ? '' : String(was))) {
        body[input.name] = input.value === '' ? null : input.type === 'number' ? Number(input.value) : input.value;
      }
    }
    try { await api('PATCH', `/backups/storage-configs/${config.id}`, body); say('✓ Storage configuration saved'); storage(); }
    catch (e) { if (e.status !== 401) { error.textContent = e.message; error.hidden = false; } }
  } }, inputs, error, el('div', { class: 'actions' }, el('button', { type: 'submit', class: 'primary' }, 'Save changes')));
}

async function storage() {
  const mine = ++drawing;
  const [configs, envs, providers] = await Promise.all([api('GET', '/backups/storage-configs?limit=500'),
    api('GET', '/environments?limit=1'), providerFields ? null : api('GET', '/backups/storage-providers')]);
  if (providers) providerFields = Object.fromEntries(providers.items.map(item => [item.provider, item.fields]));
  if (mine !== drawing) return;
  const rows = configs.items.map(config => {
    const result = el('span', { class: 'hint', 'aria-live': 'polite' });
    const edit = editForm(config);
    const row = el('tr', { 'data-config': config.id },
      el('td', { 'data-label': 'Name' }, config.name),
      el('td', { 'data-label': 'Provider' }, config.provider.toUpperCase()),
      el('td', { 'data-label': 'Default' }, config.is_default ? el('span', { class: 'badge ok' }, 'Default') : '—'),
      el('td', { 'data-label': 'Encryption' }, config.encryption),
      el('td', { 'data-label': 'Filestore' }, config.filestore_mode),
      el('td', { class: 'actions-cell' }, el('div', { class: 'actions' },
        el('button', { onclick: async () => {
          result.textContent = 'Testing…';
          try {
            const test = await api('POST', `/backups/storage-configs/${config.id}/test`);
            result.textContent = `${test.success ? '✓' : '✗'} ${test.message} (${test.latency_ms} ms)`;
            result.className = test.success ? 'status-completed' : 'error';
          } catch (e) { result.textContent = e.message; result.className = 'error'; }
        } }, 'Test Connection'),
        config.is_default ? null : el('button', { onclick: async () => {
          try { await api('PATCH', `/backups/storage-configs/${config.id}`, { is_default: true }); storage(); }
          catch (e) { if (e.status !== 401) say(e.message, true); }
        } }, 'Make default'),
        el('button', { 'aria-expanded': 'false', onclick: event => {
          edit.hidden = !edit.hidden;
          event.target.setAttribute('aria-expanded', String(!edit.hidden));
        } }, 'Edit'),
        el('button', { onclick: async () => {
          if (!await confirmDialog('Delete storage configuration?', `Delete ${config.name}? Backups still kept on it prevent this`
            + ' (delete or expire them first); nothing in the storage itself is removed.', 'Delete')) return;
          try { await api('DELETE', `/backups/storage-configs/${config.id}`); say('✓ Storage configuration deleted'); storage(); }
          catch (e) { if (e.status !== 401) say('Not deleted: ' + e.message, true); }
        } }, 'Delete')), result, edit));
    return row;
  });
  const fields = el('div', {});
  const provider = el('select', { id: 'provider', name: 'provider', onchange: () => showFields() },
    ...Object.keys(providerFields).map(p => el('option', { value: p }, p.toUpperCase())));
  const showFields = () => fields.replaceChildren(...formFields(provider.value)
    .flatMap(field => fieldInput(field, 'field-' + field.name, null, false)));
  const error = el('p', { class: 'error', role: 'alert', hidden: true });
  const form = el('form', { class: 'card stack', onsubmit: async event => {
    event.preventDefault();
    const body = {};
    for (const input of event.target.querySelectorAll('input, select')) {
      if (input.type === 'checkbox') body[input.name] = input.checked;
      else if (input.name === 'age_recipients') { if (input.value.trim()) body.age_recipients = input.value.split(/[\s,]+/).filter(Boolean); }
      else if (input.value !== '') body[input.name] = input.type === 'number' ? Number(input.value) : input.value;
    }
    try { await api('POST', '/backups/storage-configs', body); say('✓ Storage configuration created'); storage(); }
    catch (e) { if (e.status !== 401) { error.textContent = e.message; error.hidden = false; } }
  } },
  el('h2', {}, 'New storage configuration'),
  el('label', { for: 'organization' }, 'Organization'),
  el('input', { id: 'organization', name: 'organization_id', required: true, value: envs.items[0] ? envs.items[0].organization_id : '' }),
  el('label', { for: 'config-name' }, 'Name'), el('input', { id: 'config-name', name: 'name', required: true }),
  el('label', { for: 'provider' }, 'Provider'), provider, fields,
  el('label', { for: 'encryption' }, 'Encryption'),
  el('select', { id: 'encryption', name: 'encryption' }, el('option', { value: 'none' }, 'None'), el('option', { value: 'age' }, 'age')),
  el('label', { for: 'age-recipients' }, 'Your own age recipients (age1…, comma-separated; for encrypted storage)'),
  el('input', { id: 'age-recipients', name: 'age_recipients', autocomplete: 'off' }),
  el('label', { for: 'filestore-mode' }, 'Filestore'),
  el('select', { id: 'filestore-mode', name: 'filestore_mode' }, el('option', { value: 'full' }, 'Full: each backup holds every file'),
    el('option', { value: 'incremental' }, 'Incremental: each file stored once, each backup lists them')),
  el('label', { class: 'choice' }, el('input', { type: 'checkbox', name: 'is_default' }), 'The organization\'s default storage'),
  el('p', { class: 'hint' }, 'Secrets are sent once and never shown again.'),
  error, el('div', { class: 'actions' }, el('button', { type: 'submit', class: 'primary' }, 'Create')));
  showFields();
  view.replaceChildren(el('section', { class: 'card' }, el('h2', {}, 'Storage configurations'),
    rows.length ? el('table', {}, el('thead', {}, el('tr', {}, ...['Name', 'Provider', 'Default', 'Encryption', 'Filestore', 'Actions']
      .map(name => el('th', { scope: 'col' }, name)))), el('tbody', {}, rows)) : el('p', {}, 'None yet.')), form);
}

// ---- open alerts: a banner on every page ---------------------------------------------------------------------
async function alertsBanner() {
  const banner = document.getElementById('alerts');
  let open;
  try {
    open = await api('GET', '/alerts?status=open&limit=5');
  } catch (e) {
    banner.hidden = true; // signed out, or a token that may not see them
    return;
  }
  banner.hidden = open.total === 0;
  banner.replaceChildren(
    el('h2', {}, `⚠ ${open.total} open alert${open.total === 1 ? '' : 's'}`),
    el('ul', {}, open.items.map(alert => el('li', { 'data-rule': alert.rule, 'data-subject': alert.subject },
      el('strong', {}, alert.summary),
      el('div', { class: 'hint' }, 'Since ', when((alert.details && alert.details.since) || alert.opened_at),
        alert.details && alert.details.what_to_do ? ' · ' + alert.details.what_to_do : '')))),
    ...(open.total > open.items.length ? [el('p', { class: 'hint' }, `and ${open.total - open.items.length} more`)] : []));
}

// ---- notification channels and alert rules -------------------------------------------------------------------
const CHANNEL_FIELDS = {
  email: [['smtp_host', 'SMTP host'], ['smtp_port', 'SMTP port', 'number'], ['smtp_security', 'Security', ['starttls', 'tls', 'none']],
    ['smtp_username', 'SMTP user'], ['smtp_password', 'SMTP password', 'password'], ['from', 'From'],
    ['to', 'To (addresses, comma-separated)'], ['smtp_ca', 'CA of the server (PEM; empty: the system\'s)', 'textarea']],
  webhook: [['url', 'URL'], ['secret', 'Signing secret (HMAC-SHA256)', 'password'], ['style', 'Payload', ['json', 'slack']]] };

async function notifications(org) {
  const mine = ++drawing;
  if (!org) {
    const envs = await api('GET', '/environments?limit=1');
    org = envs.items[0] ? envs.items[0].organization_id : '';
  }
  const base = `/organizations/${encodeURIComponent(org)}`;
  const [channels, rules] = org ? await Promise.all([api('GET', base + '/notification-channels?limit=500'), api('GET', base + '/alert-rules')])
    : [{ items: [] }, null];
  if (mine !== drawing) return;
  const which = el('form', { class: 'actions', onsubmit: event => {
    event.preventDefault();
    go('#/notifications?org=' + encodeURIComponent(event.target.elements.org.value.trim()));
  } }, el('label', { for: 'channel-org' }, 'Organization'), el('input', { id: 'channel-org', name: 'org', value: org, required: true }),
  el('button', { type: 'submit' }, 'Show'));
  const rows = channels.items.map(channel => {
    const result = el('span', { class: 'hint', 'aria-live': 'polite' });
    return el('tr', { 'data-channel': channel.id },
      el('td', { 'data-label': 'Name' }, channel.name),
      el('td', { 'data-label': 'Kind' }, channel.kind === 'email' ? 'E-mail' : 'Webhook'),
      el('td', { 'data-label': 'Sends to' }, channel.kind === 'email' ? (channel.to || []).join(', ') + ' via ' + channel.smtp_host
        : channel.url),
      el('td', { class: 'actions-cell' }, el('div', { class: 'actions' },
        el('button', { onclick: async () => {
          result.textContent = 'Sending a test message…';
          result.className = 'hint';
          try {
            const test = await api('POST', `${base}/notification-channels/${channel.id}/test`);
            result.textContent = `${test.success ? '✓' : '✗'} ${test.message}`;
            result.className = test.success ? 'status-completed' : 'error';
          } catch (e) { result.textContent = e.message; result.className = 'error'; }
        } }, 'Test'),
        el('button', { onclick: async () => {
          if (!await confirmDialog('Remove channel?', `Remove ${channel.name}? Alerts no longer go there; messages not yet sent to it are dropped.`,
            'Remove')) return;
          try { await api('DELETE', `${base}/notification-channels/${channel.id}`); say('✓ Channel removed'); notifications(org); }
          catch (e) { if (e.status !== 401) say('Not removed: ' + e.message, true); }
        } }, 'Remove')), result));
  });

  const kind = el('select', { id: 'channel-kind', name: 'kind', onchange: () => showFields() },
    el('option', { value: 'email' }, 'E-mail'), el('option', { value: 'webhook' }, 'Webhook'));
  const fields = el('div', {});
  const showFields = () => fields.replaceChildren(...CHANNEL_FIELDS[kind.value].flatMap(([name, label, type]) => {
    const id = 'channel-' + name;
    const input = Array.isArray(type) ? el('select', { id, name }, type.map(v => el('option', { value: v }, v)))
      : type === 'textarea' ? el('textarea', { id, name, rows: 3 })
      : el('input', { id, name, type: type || 'text', autocomplete: 'off' });
    return [el('label', { for: id }, label), input];
  }));
  const error = el('p', { class: 'error', role: 'alert', hidden: true });
  const create = el('form', { class: 'card stack', onsubmit: async event => {
    event.preventDefault();
    const body = {};
    for (const input of event.target.querySelectorAll('input, select, textarea')) {
      if (input.value === '') continue;
      body[input.name] = input.name === 'smtp_port' ? Number(input.value)
        : input.name === 'to' ? input.value.split(/[\s,;]+/).filter(Boolean) : input.value;
    }
    try { await api('POST', base + '/notification-channels', body); say('✓ Channel added'); notifications(org); }
    catch (e) { if (e.status !== 401) { error.textContent = e.message; error.hidden = false; } }
  } },
  el('h2', {}, 'New notification channel'),
  el('label', { for: 'channel-name' }, 'Name'), el('input', { id: 'channel-name', name: 'name', required: true }),
  el('label', { for: 'channel-kind' }, 'Kind'), kind, fields,
  el('p', { class: 'hint' }, 'Secrets are sent once and never shown again.'),
  error, el('div', { class: 'actions' }, el('button', { type: 'submit', class: 'primary' }, 'Add channel')));
  showFields();

  const ruleInputs = rules ? Object.entries(rules).flatMap(([name, value]) => {
    const id = 'rule-' + name;
    const label = name.replaceAll('_', ' ');
    const flag = typeof value === 'boolean' && !/_(hours|minutes|percent|row)$/.test(name);
    return flag ? el('label', { class: 'choice' }, el('input', { id, name, type: 'checkbox', checked: value }), label)
      : [el('label', { for: id }, label + ' (empty: off)'),
        el('input', { id, name, type: 'number', min: 0, step: 'any', value: typeof value === 'number' ? value : '' })];
  }) : [];
  const rulesForm = el('form', { class: 'card stack', onsubmit: async event => {
    event.preventDefault();
    const body = {};
    for (const input of event.target.querySelectorAll('input')) {
      body[input.name] = input.type === 'checkbox' ? input.checked : input.value === '' ? false : Number(input.value);
    }
    try { await api('PUT', base + '/alert-rules', body); say('✓ Alert rules saved'); notifications(org); }
    catch (e) { if (e.status !== 401) say('Not saved: ' + e.message, true); }
  } }, el('h2', {}, 'Alert rules of ' + org), el('p', { class: 'hint' }, 'An environment may override them (PUT /environments/{id}/alert-rules).'),
  ruleInputs, el('div', { class: 'actions' }, el('button', { type: 'submit', class: 'primary' }, 'Save rules')));

  view.replaceChildren(el('section', { class: 'card' }, el('h2', {}, 'Notification channels'), which,
    rows.length ? el('table', {}, el('thead', {}, el('tr', {}, ...['Name', 'Kind', 'Sends to', 'Actions']
      .map(name => el('th', { scope: 'col' }, name)))), el('tbody', {}, rows)) : el('p', {}, 'None yet: alerts are only in the banner and GET /alerts.')),
  create, rules ? rulesForm : '');
}

// ---- routing -------------------------------------------------------------------------------------------------
function go(hash) { location.hash = hash; }

async function route() {
  if (Date.now() - said > 2000) say(''); // a message belongs to the page it was said on (or the one it led to)
  if (!token()) { signIn(); return; }
  if (sessionStorage.getItem('permissions') === null) {
    try { sessionStorage.setItem('permissions', (await api('GET', '/tokens/self')).permissions.join(' ')); } catch (e) { return; }
  }
  nav.hidden = false;
  for (const link of nav.querySelectorAll('[data-permission]')) link.hidden = !may(link.dataset.permission);
  const hash = location.hash || '#/environments';
  for (const link of nav.querySelectorAll('a')) link.toggleAttribute('aria-current', hash.startsWith(link.getAttribute('href')));
  for (const link of nav.querySelectorAll('a[aria-current]')) link.setAttribute('aria-current', 'page');
  try {
    const match = /^#\/environments\/([^?]+)(?:\?offset=(\d+))?$/.exec(hash);
    const channels = /^#\/notifications(?:\?org=(.*))?$/.exec(hash);
    alertsBanner();
    if (match) await environment(decodeURIComponent(match[1]), Number(match[2] || 0));
    else if (hash.startsWith('#/storage')) await storage();
    else if (channels) await notifications(channels[1] ? decodeURIComponent(channels[1]) : '');
    else await environments();
  } catch (e) {
    if (e.status !== 401) view.replaceChildren(el('p', { class: 'error', role: 'alert' }, e.message));
  }
}

document.getElementById('sign-out').addEventListener('click', () => signOut());
window.addEventListener('hashchange', route);
setInterval(() => { if (token()) alertsBanner(); }, 15000); // alerts open and resolve while a page stays on screen
route();
