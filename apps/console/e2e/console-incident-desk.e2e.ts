import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, root, startBuiltServer, type BuiltServer, UNTIL_READY } from './support/browser-env';

/**
 * The operator desk in real Chromium against the built server, broker and database (issue 16), with two
 * browser contexts and two logins (the admin, and a supervisor the admin creates): resolving needs a
 * note and the confirmation lists the open SOP items; a supervisor reopens a resolved incident and the
 * audit trail shows it; a severity change made in one context reaches the other live, without a reload.
 * SCREENSHOTS=1 also writes docs/img/console-confirm-resolve.png, console-retriage.png, console-incident-desk.png.
 */
let server: BuiltServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
let admin: Page;
let supervisor: Page;
const SUP = { username: 'giamsat1', password: 'supervisor-pass-1' };
const shots = process.env.SCREENSHOTS === '1';
const VIEWPORT = { width: 1600, height: 900 };

async function api<T>(
  page: Page,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  return page.evaluate(
    async ({ method, path, body }) => {
      const s = JSON.parse(sessionStorage.getItem('ioc.session') ?? '{}') as { accessToken: string };
      const r = await fetch(path, {
        method,
        headers: { Authorization: `Bearer ${s.accessToken}`, 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await r.text();
      return { status: r.status, body: text ? JSON.parse(text) : null };
    },
    { method, path, body },
  ) as Promise<{ status: number; body: T }>;
}

async function loggedIn(username: string, password: string): Promise<Page> {
  const context = await browser.newContext({ viewport: VIEWPORT, locale: 'vi-VN' });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`page error (${username}): ${e.message}`));
  await page.goto(server.url);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('incident-queue').waitFor(UNTIL_READY);
  return page;
}

const statusOf = (page: Page, want: string) =>
  page.waitForFunction(
    (w) => document.querySelector('[data-testid="incident-detail"]')?.getAttribute('data-status') === w,
    want,
    UNTIL_READY,
  );

async function openDetail(page: Page, id: string): Promise<void> {
  await page.getByTestId(`incident-row-${id}`).click();
  await page.locator(`[data-testid="incident-detail"][data-id="${id}"]`).waitFor(UNTIL_READY);
}

beforeAll(async () => {
  server = await startBuiltServer();
  browser = await launchBrowser();
  admin = await loggedIn(server.admin.username, server.admin.password);
  const created = await api(admin, 'POST', '/api/users', {
    username: SUP.username,
    displayName: 'Trần Thị Giám Sát',
    role: 'supervisor',
    password: SUP.password,
  });
  expect(created.status).toBe(201);
  supervisor = await loggedIn(SUP.username, SUP.password);
});

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await server?.stop();
});

describe('operator desk (two browser contexts, real server + DB)', () => {
  let id = '';

  it('resolve without a note is impossible; the confirmation lists the SOP items still open', async () => {
    const city = (await api<{ center: [number, number] }>(admin, 'GET', '/api/city')).body;
    const rep = await api<{ incidentId: string }>(admin, 'POST', '/api/reports', {
      text: 'Cháy bãi cỏ sau trường học, khói lan sang khu dân cư',
      category: 'fire',
      lat: city.center[0] + 0.003,
      lon: city.center[1] - 0.002,
      contact: '0905 111 222',
    });
    expect(rep.status).toBe(201);
    id = rep.body.incidentId;
    await admin.getByTestId(`incident-row-${id}`).waitFor(UNTIL_READY);
    await openDetail(admin, id);
    // the reporter's phone is on the report evidence for the operator desk
    expect(await admin.getByTestId('report-contact').textContent()).toContain('0905 111 222');
    await admin.getByTestId('action-ack').click();
    await statusOf(admin, 'acknowledged');
    // tick one SOP item: the others must be listed as open
    const sop = admin.locator('[data-testid="sop"] input[type=checkbox]');
    const total = await sop.count();
    expect(total).toBeGreaterThan(1);
    await sop.first().click(); // controlled: it checks once the server answered
    await admin.waitForFunction(
      () =>
        document.querySelector<HTMLInputElement>('[data-testid="sop"] input[type=checkbox]')?.checked ===
        true,
    );
    const openItems = await admin.$$eval('[data-testid="sop"] li', (lis) =>
      lis
        .filter((li) => !li.querySelector<HTMLInputElement>('input')!.checked)
        .map((li) => li.querySelector('label')!.textContent!.split('—')[0].trim()),
    );

    await admin.getByTestId('action-resolve').click();
    const dialog = admin.getByTestId('confirm-dialog');
    await dialog.waitFor();
    const submit = admin.getByTestId('confirm-submit');
    expect(await submit.isDisabled()).toBe(true);
    await admin.getByTestId('confirm-note').fill('   \n  ');
    expect(await submit.isDisabled()).toBe(true);
    // forcing the disabled button does nothing: still acknowledged, no resolve in the trail
    await submit.click({ force: true });
    await admin.waitForTimeout(500);
    expect((await api<{ status: string }>(admin, 'GET', `/api/incidents/${id}`)).body.status).toBe(
      'acknowledged',
    );
    // and the server refuses a blank note on its own
    const blank = await api<{ field: string }>(admin, 'POST', `/api/incidents/${id}/resolve`, { note: '  ' });
    expect({ status: blank.status, field: blank.body.field }).toEqual({ status: 400, field: 'note' });

    const listed = await admin.$$eval('[data-testid="confirm-sop-open"] li', (lis) =>
      lis.map((li) => li.textContent!.trim()),
    );
    expect(listed).toEqual(openItems);
    expect(listed).toHaveLength(total - 1);
    expect(await admin.getByTestId('confirm-sop-warning').textContent()).toContain(`${total - 1}`);
    await admin.getByTestId('confirm-note').fill('Đã dập tắt đám cháy, không có thương vong');
    if (shots) await admin.screenshot({ path: join(root, 'docs/img/console-confirm-resolve.png') });
    expect(await submit.isDisabled()).toBe(false);
    await submit.click();
    await statusOf(admin, 'resolved');
    await dialog.waitFor({ state: 'detached' });
    const resolve = admin.locator('[data-testid="timeline"] li[data-action="resolve"]');
    expect(await resolve.locator('.note').textContent()).toBe('Đã dập tắt đám cháy, không có thương vong');
  });

  it('a supervisor reopens the resolved incident; the audit trail shows it', async () => {
    await supervisor.getByTestId(`incident-row-${id}`).waitFor(UNTIL_READY);
    await openDetail(supervisor, id);
    await statusOf(supervisor, 'resolved');
    await supervisor.getByTestId('action-reopen').click();
    await supervisor.getByTestId('confirm-dialog').waitFor();
    expect(await supervisor.getByTestId('confirm-submit').isDisabled()).toBe(true);
    await supervisor.getByTestId('confirm-note').fill('Người dân báo cháy âm ỉ trở lại');
    await supervisor.getByTestId('confirm-submit').click();
    await statusOf(supervisor, 'acknowledged');
    const row = supervisor.locator('[data-testid="timeline"] li[data-action="reopen"]');
    await row.waitFor(UNTIL_READY);
    expect(await row.getByTestId('timeline-actor').textContent()).toBe(SUP.username);
    expect(await row.locator('.note').textContent()).toBe('Người dân báo cháy âm ỉ trở lại');
    expect(await row.textContent()).toContain('Mở lại');
    // the admin's console follows live
    await statusOf(admin, 'acknowledged');
  });

  it('a severity change in one context reaches the other live, without a reload', async () => {
    await supervisor.evaluate(() => ((window as unknown as { __noReload: number }).__noReload = 1));
    const sevOf = (page: Page) =>
      page.evaluate(
        (i) => ({
          detail: document.querySelector('[data-testid="incident-detail"] .detail-head .sev')?.textContent,
          row: document.querySelector(`[data-testid="incident-row-${i}"] .sev`)?.textContent,
        }),
        id,
      );
    expect(await sevOf(supervisor)).not.toEqual({ detail: 'Khẩn cấp', row: 'Khẩn cấp' });

    await admin.getByTestId('retriage-open').click();
    await admin.getByTestId('retriage-dialog').waitFor();
    expect(await admin.getByTestId('retriage-submit').isDisabled()).toBe(true);
    await admin.getByTestId('retriage-severity').selectOption('Extreme');
    await admin.getByTestId('retriage-title').fill('Cháy lan sang nhà dân sau trường học');
    expect(await admin.getByTestId('retriage-submit').isDisabled()).toBe(true); // the note is missing
    await admin.getByTestId('retriage-note').fill('Lửa đã lan sang 2 nhà dân');
    if (shots) await admin.screenshot({ path: join(root, 'docs/img/console-retriage.png') });
    const changedAt = Date.now();
    await admin.getByTestId('retriage-submit').click();
    await admin.getByTestId('retriage-dialog').waitFor({ state: 'detached' });

    await supervisor.waitForFunction(
      (i) =>
        document.querySelector('[data-testid="incident-detail"] .detail-head .sev')?.textContent ===
          'Khẩn cấp' &&
        document.querySelector(`[data-testid="incident-row-${i}"] .sev`)?.textContent === 'Khẩn cấp' &&
        document.querySelector('[data-testid="detail-title"]')?.textContent ===
          'Cháy lan sang nhà dân sau trường học',
      id,
      { timeout: 10_000 },
    );
    console.log(`re-triage reached the second context in ${Date.now() - changedAt} ms`);
    expect(await supervisor.evaluate(() => (window as unknown as { __noReload?: number }).__noReload)).toBe(
      1,
    );
    const row = supervisor.locator('[data-testid="timeline"] li[data-action="retriage"]');
    await row.waitFor(UNTIL_READY);
    expect(await row.getByTestId('timeline-actor').textContent()).toBe(server.admin.username);
    // the header with its re-triage control and assignee picker, as the second console shows it
    if (shots) await supervisor.screenshot({ path: join(root, 'docs/img/console-incident-desk.png') });
  });
});
