// Drives the console in Debian's Chromium as a person would (ConsoleIT starts it with the service's address, a token
// of the organization and the environment to use). Exits non-zero at the first thing that is not as it should be.
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';

const { BASE_URL, TOKEN, VIEWER, ENV, SHOTS, DOWNLOAD, FAILING_STORAGE, WEBHOOK_URL, HOOK_SECRET } = process.env;
mkdirSync(SHOTS, { recursive: true });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu',
  '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
const outside = [];

async function session(viewport) {
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  const page = await context.newPage();
  // no request leaves the service's own origin
  page.on('request', request => { if (!request.url().startsWith(BASE_URL)) outside.push(request.url()); });
  page.on('pageerror', error => { throw error; });
  return { context, page };
}

const shot = (page, name) => page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
const notice = page => page.locator('#notice');

try {
  const { page } = await session({ width: 1280, height: 860 });
  await page.goto(BASE_URL + '/');
  await shot(page, 'sign-in-desktop');
  // the sign-in page says where a token comes from
  assert.match(await page.locator('#token-help').innerText(), /admin-token.*POST \/api\/v1\/tokens/s);

  // a token that may only view is offered nothing else: no Storage or Notifications, no Create, Restore or Delete
  await page.getByLabel('Token').fill(VIEWER);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('tr', { hasText: ENV }).waitFor();
  assert.equal(await page.getByRole('link', { name: 'Storage' }).count(), 0);
  assert.equal(await page.getByRole('link', { name: 'Notifications' }).count(), 0);
  assert.equal(await page.getByRole('button', { name: 'Create Backup' }).count(), 0);
  await page.goto(BASE_URL + '/#/environments/' + ENV);
  await page.getByRole('heading', { name: /^Backups of / }).waitFor();
  for (const name of ['Create Backup', 'Restore', 'Delete', 'Keep forever', 'Change expiry']) {
    assert.equal(await page.getByRole('button', { name }).count(), 0, name + ' is offered to a token that may only view');
  }
  await page.getByRole('button', { name: 'Sign out' }).click();

  // a wrong token is refused with its reason, and nothing else shows
  await page.getByLabel('Token').fill('not-a-token');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('#sign-in-error').waitFor();
  assert.match(await page.locator('#sign-in-error').innerText(), /unknown or revoked/);

  await page.getByLabel('Token').fill(TOKEN);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Environments' }).waitFor();
  const row = page.locator('tr', { hasText: ENV });
  await row.waitFor();
  // the environment's schedule: when it runs next, and its last run late (in red, with the reason)
  await row.locator('.schedule').filter({ hasText: 'Next:' }).waitFor();
  assert.match(await row.locator('.schedule .late').innerText(), /late · started 40 minutes after its window/);
  await shot(page, 'environments-desktop');

  // the Create Backup dialog: storage (default first), type, filestore, retention, the banner
  await row.getByRole('button', { name: 'Create Backup' }).click();
  const dialog = page.locator('#create-dialog');
  await dialog.waitFor();
  assert.match(await page.locator('#create-storage option').first().innerText(), /\[Default\]/);
  // the banner says what the chosen storage does: the default (a folder) is not encrypted, and it says so
  assert.match(await page.locator('#create-banner').innerText(), /not encrypted by the service.*verified after upload/s);
  assert.doesNotMatch(await page.locator('#create-banner').innerText(), /encrypted at rest/);
  await page.getByLabel('Keep the backup').selectOption('weekly');
  await shot(page, 'create-backup-desktop');
  await page.locator('#create-submit').click();
  await notice(page).filter({ hasText: 'Backup queued successfully' }).waitFor();

  // live progress from the event stream, also after a reload of the page
  await page.locator('#progress').waitFor();
  const reloaded = Date.now();
  await page.reload();
  await page.locator('#progress ol.steps li').first().waitFor({ timeout: 30000 });
  // after a reload, "Started" is when the task started (read from the task), not when the page loaded
  const startedAt = await page.locator('#progress p.hint[data-started]').getAttribute('data-started', { timeout: 10000 });
  assert.ok(Date.parse(startedAt) <= reloaded, `started ${startedAt}, reloaded at ${new Date(reloaded).toISOString()}`);
  await shot(page, 'progress-desktop');
  await notice(page).filter({ hasText: 'Backup completed' }).waitFor({ timeout: 180000 });
  const done = await page.locator('#progress ol.steps li.done').count();
  assert.equal(done, 7, 'all seven steps are done');

  // the list shows it verified, with its retention; download it
  const first = page.locator('tr[data-backup]').first();
  await first.filter({ hasText: '✓ Verified' }).waitFor({ timeout: 20000 });
  assert.match(await first.innerText(), /weekly/);
  await shot(page, 'backups-desktop');
  const backupId = await first.getAttribute('data-backup');
  const [download] = await Promise.all([page.waitForEvent('download'), first.getByRole('button', { name: 'Download' }).click()]);
  assert.equal(download.suggestedFilename(), backupId + '.zip');
  await download.saveAs(DOWNLOAD);
  console.log('BACKUP ' + backupId);

  // restore, confirmed after the dialog names the target and the pre-restore backup
  await first.getByRole('button', { name: 'Restore' }).click();
  const confirm = page.locator('#confirm-dialog');
  await confirm.waitFor();
  assert.match(await confirm.innerText(), new RegExp(ENV));
  assert.match(await confirm.innerText(), /pre-restore backup/);
  await shot(page, 'restore-confirm-desktop');
  await page.locator('#confirm-ok').click();
  await notice(page).filter({ hasText: 'Restore started' }).waitFor();
  await notice(page).filter({ hasText: 'Restore completed' }).waitFor({ timeout: 240000 });

  // delete, confirmed: the row stays, deleted
  const target = page.locator(`tr[data-backup="${backupId}"]`);
  await target.getByRole('button', { name: 'Delete' }).click();
  await page.locator('#confirm-ok').click();
  await notice(page).filter({ hasText: 'Backup deleted' }).waitFor();
  const deleted = page.locator(`tr[data-backup="${backupId}"]`).filter({ hasText: 'deleted' });
  await deleted.waitFor();
  // a deleted backup is neither shown verified nor given an expiry
  assert.doesNotMatch(await deleted.innerText(), /✓ Verified/);
  assert.equal(await deleted.locator('td[data-label="Expires"]').innerText(), '—');

  // the expiry of a backup is overridden (the pre-restore backup: it is the newest completed one), on a fresh page
  await page.reload();
  const kept = page.locator('tr[data-backup]', { hasText: 'pre-restore' }).first();
  await kept.getByRole('button', { name: 'Change expiry' }).click();
  await kept.getByLabel('New expiry date').fill('2031-01-02');
  assert.equal(await kept.getByLabel('New expiry date').inputValue(), '2031-01-02');
  const [patched] = await Promise.all([
    page.waitForResponse(response => response.request().method() === 'PATCH'),
    kept.getByRole('button', { name: 'Save expiry' }).click()]);
  assert.equal(patched.status(), 200, await patched.text());
  await notice(page).filter({ hasText: 'Expiry changed' }).waitFor();
  await page.locator('tr[data-backup]', { hasText: 'pre-restore' }).first().filter({ hasText: '2031' }).waitFor();

  // a backup that fails shows its reason in the progress
  await page.getByRole('button', { name: 'Create Backup' }).click();
  await page.getByLabel('Storage configuration').selectOption({ label: `${FAILING_STORAGE} (MINIO)` });
  await page.locator('#create-submit').click();
  await notice(page).filter({ hasText: 'Backup failed' }).waitFor({ timeout: 120000 });
  assert.match(await page.locator('#progress-status').innerText(), /^Failed: .*connect/);
  // the bar keeps where it was, the steps that ran stay done, and the one that failed says so
  assert.doesNotMatch(await page.locator('#progress h3').innerText(), /Progress: 0%$/);
  assert.equal(await page.locator('#progress ol.steps li.failed').count(), 1);
  assert.ok(await page.locator('#progress ol.steps li.done').count() >= 1, 'the steps before the failure are done');
  // in the list, a short reason (all of it on hover), no verified badge, no expiry
  const failedRow = page.locator('tr[data-backup]').filter({ hasText: 'failed' }).first();
  await failedRow.waitFor();
  assert.ok((await failedRow.locator('.failure').innerText()).length <= 100);
  assert.equal(await failedRow.locator('td[data-label="Expires"]').innerText(), '—');
  assert.doesNotMatch(await failedRow.innerText(), /✓ Verified/);
  await shot(page, 'failed-desktop');

  // the failure opens alerts: the banner says so on every page (read at each page, and every 15 s)
  await page.getByRole('link', { name: 'Environments' }).click();
  await page.locator('#alerts li[data-rule="backup_failed"]').waitFor({ timeout: 40000 });
  const banner = await page.locator('#alerts').innerText();
  assert.match(banner, new RegExp(`open alert.*${ENV}`, 's'));
  assert.doesNotMatch(banner, /\bnull\b|undefined/);
  // each environment says how old its last completed backup is, red past its no_backup_hours rule
  const age = page.locator(`tr[data-env="${ENV}"] .age`);
  assert.match(await age.innerText(), /^Last completed \d+ s ago/);
  assert.equal(await age.evaluate(node => node.classList.contains('late')), false);
  await shot(page, 'alerts-desktop');
  const rule = hours => page.evaluate(async ([env, token, body]) => (await fetch(`/api/v1/environments/${env}/alert-rules`, {
    method: 'PUT', headers: { Authorization: 'Bearer ' + token, 'Content-Type': 'application/json' }, body })).status,
  [ENV, TOKEN, JSON.stringify(hours === null ? {} : { no_backup_hours: hours })]);
  assert.equal(await rule(0.0001), 200);
  await page.reload();
  await page.locator(`tr[data-env="${ENV}"] .age.late`).filter({ hasText: 'no_backup_hours' }).waitFor();
  assert.equal(await rule(null), 200);

  // notification channels: a webhook added and tested, one whose server refuses says what it answered, then removed
  await page.getByRole('link', { name: 'Notifications' }).click();
  await page.getByRole('heading', { name: 'Notification channels' }).waitFor();
  const addHook = async (name, url, secret) => {
    await page.getByLabel('Name', { exact: true }).fill(name);
    await page.getByLabel('Kind').selectOption('webhook');
    await page.getByLabel('URL').fill(url);
    if (secret) await page.getByLabel('Signing secret (HMAC-SHA256)').fill(secret);
    await page.getByRole('button', { name: 'Add channel' }).click();
    await notice(page).filter({ hasText: 'Channel added' }).waitFor();
    return page.locator('tr[data-channel]', { hasText: name });
  };
  const hook = await addHook('Ops hook', WEBHOOK_URL + '/hook', HOOK_SECRET);
  await hook.getByRole('button', { name: 'Test' }).click();
  await hook.locator('.status-completed').filter({ hasText: '✓ the webhook answered HTTP 204' }).waitFor({ timeout: 30000 });
  const broken = await addHook('Broken hook', WEBHOOK_URL + '/broken');
  await broken.getByRole('button', { name: 'Test' }).click();
  await broken.locator('.error').filter({ hasText: '✗ the webhook answered HTTP 500' }).waitFor({ timeout: 30000 });
  assert.doesNotMatch(await page.locator('main').innerText(), new RegExp(HOOK_SECRET));
  await shot(page, 'notifications-desktop');
  await broken.getByRole('button', { name: 'Remove' }).click();
  await page.locator('#confirm-ok').click();
  await notice(page).filter({ hasText: 'Channel removed' }).waitFor();
  await page.locator('tr[data-channel]', { hasText: 'Broken hook' }).waitFor({ state: 'detached' });
  // the organization's rules: a threshold changed and kept
  await page.getByLabel('failures in a row (empty: off)').fill('3');
  await page.getByRole('button', { name: 'Save rules' }).click();
  await notice(page).filter({ hasText: 'Alert rules saved' }).waitFor();
  assert.equal(await page.getByLabel('failures in a row (empty: off)').inputValue(), '3');

  // storage: a connection test that fails says why
  await page.getByRole('link', { name: 'Storage' }).click();
  const failing = page.locator('tr', { hasText: FAILING_STORAGE });
  await failing.getByRole('button', { name: 'Test Connection' }).click();
  await failing.locator('.error').filter({ hasText: /✗ .+\(\d+ ms\)/ }).waitFor({ timeout: 30000 });
  await shot(page, 'storage-desktop');
  // a new configuration from the form (a folder of the organization: no secret to give)
  await page.getByLabel('Name', { exact: true }).fill('Second folder');
  await page.getByLabel('Provider').selectOption('local');
  await page.getByRole('button', { name: 'Create', exact: true }).click();
  await notice(page).filter({ hasText: 'Storage configuration created' }).waitFor();
  await page.locator('tr', { hasText: 'Second folder' }).filter({ hasText: 'LOCAL' }).waitFor();
  // an incremental one: the table says its filestore mode
  await page.getByLabel('Name', { exact: true }).fill('Pooled folder');
  await page.getByLabel('Provider').selectOption('local');
  await page.getByLabel('Filestore', { exact: true }).selectOption('incremental');
  await page.getByRole('button', { name: 'Create', exact: true }).click();
  await page.locator('tr', { hasText: 'Pooled folder' }).filter({ hasText: 'incremental' }).waitFor();
  // S3 takes an endpoint of its own (S3-compatible services)
  await page.getByLabel('Provider').selectOption('s3');
  await page.locator('#field-endpoint_url').waitFor();
  // a configuration is renamed, then deleted
  const second = page.locator('tr[data-config]', { hasText: 'Second folder' });
  await second.getByRole('button', { name: 'Edit' }).click();
  await second.locator('input[name="name"]').fill('Spare folder');
  await second.getByRole('button', { name: 'Save changes' }).click();
  await notice(page).filter({ hasText: 'Storage configuration saved' }).waitFor();
  const spare = page.locator('tr[data-config]', { hasText: 'Spare folder' });
  await spare.waitFor();
  await spare.getByRole('button', { name: 'Delete' }).click();
  await page.locator('#confirm-ok').click();
  await notice(page).filter({ hasText: 'Storage configuration deleted' }).waitFor();
  await page.locator('tr[data-config]', { hasText: 'Spare folder' }).waitFor({ state: 'detached' });

  // phone width: every page readable
  const phone = await session({ width: 390, height: 844 });
  await phone.page.goto(BASE_URL + '/');
  await shot(phone.page, 'sign-in-phone');
  await phone.page.getByLabel('Token').fill(TOKEN);
  await phone.page.getByRole('button', { name: 'Sign in' }).click();
  await phone.page.getByRole('heading', { name: 'Environments' }).waitFor();
  await shot(phone.page, 'environments-phone');
  await phone.page.locator('tr', { hasText: ENV }).getByRole('link').click();
  await phone.page.locator('tr[data-backup]').first().waitFor();
  await shot(phone.page, 'backups-phone');
  // by keyboard: the button opens the dialog with Enter, Escape closes it
  await phone.page.getByRole('button', { name: 'Create Backup' }).focus();
  await phone.page.keyboard.press('Enter');
  await phone.page.locator('#create-dialog[open]').waitFor();
  await shot(phone.page, 'create-backup-phone');
  await phone.page.keyboard.press('Escape');
  await phone.page.locator('#create-dialog[open]').waitFor({ state: 'detached' });
  await phone.page.getByRole('link', { name: 'Storage' }).click();
  await phone.page.getByRole('heading', { name: 'Storage configurations' }).waitFor();
  await shot(phone.page, 'storage-phone');
  for (const name of ['Storage', 'Notifications']) {
    await phone.page.getByRole('link', { name }).click();
    await phone.page.getByRole('heading', { name: name === 'Storage' ? 'Storage configurations' : 'Notification channels' }).waitFor();
    const width = await phone.page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `no sideways scrolling on a phone (${name} is ${width} px wide)`);
  }
  await shot(phone.page, 'notifications-phone');

  // signing out forgets the token
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByLabel('Token').waitFor();
  assert.equal(await page.evaluate(() => sessionStorage.getItem('token')), null);
  assert.deepEqual(outside, [], 'requests outside the service');
  console.log('CONSOLE OK');
} catch (error) {
  // what the page showed when it went wrong, for the test's report
  for (const context of browser.contexts()) {
    for (const page of context.pages()) {
      await page.screenshot({ path: `${SHOTS}/failure-${browser.contexts().indexOf(context)}.png`, fullPage: true }).catch(() => {});
      console.error('page ' + page.url() + ' notice: ' + await page.locator('#notice').innerText().catch(() => '?'));
    }
  }
  throw error;
} finally {
  await browser.close();
}
