/**
 * Sign-in through the login page (apps/web/src/auth): a wrong password is refused, the demo admin
 * gets in and sees who is signed in, signing out returns to the login page.
 */
import { ADMIN, newPage, shot, step, TIMEOUT_MS, URL_UNDER_TEST } from './support.mjs';

export async function signInSuite(browser) {
  const { page, context, errors } = await newPage(browser);
  try {
    await step(`open ${URL_UNDER_TEST}: the login page`, async () => {
      const res = await page.goto(URL_UNDER_TEST, { waitUntil: 'domcontentloaded', timeout: TIMEOUT_MS });
      if (!res || !res.ok()) throw new Error(`HTTP ${res?.status() ?? 'no response'}`);
      await page.waitForSelector('[data-testid="login-form"]', { timeout: TIMEOUT_MS });
    });
    await shot(page, 'login-1920');
    await step('a wrong password is refused', async () => {
      await page.fill('[data-testid="login-username"]', ADMIN.username);
      await page.fill('[data-testid="login-password"]', `${ADMIN.password}-wrong`);
      await page.click('[data-testid="login-submit"]');
      await page.waitForFunction(() => (document.querySelector('[data-testid="login-error"]')?.textContent ?? '') !== '', null, { timeout: TIMEOUT_MS });
    });
    await step(`sign in as ${ADMIN.username} through the login page`, async () => {
      await page.fill('[data-testid="login-password"]', ADMIN.password);
      await page.click('[data-testid="login-submit"]');
      await page.waitForSelector('[data-testid="device-list"]', { timeout: TIMEOUT_MS });
    });
    await step('the header shows who is signed in, with the role', async () => {
      await page.waitForSelector('[data-testid="user-badge"][data-role="admin"]', { timeout: TIMEOUT_MS });
      await page.waitForSelector('[data-testid="connection-state"][data-state="live"]', { timeout: TIMEOUT_MS });
    });
    await step('signing out returns to the login page', async () => {
      await page.click('[data-testid="logout"]');
      await page.waitForSelector('[data-testid="login-form"]', { timeout: TIMEOUT_MS });
    });
    if (errors.length > 0) throw new Error(`uncaught errors in the page: ${errors.join(' | ')}`);
  } finally {
    await context.close();
  }
}
