// Page helpers shared by the demo page's browser tests (demo_page.test.mjs, demo_failover.test.mjs):
// open the chat in headless Debian Chromium through playwright-core, act as a user, wait for what
// the page shows, and run named steps that print "ok - <step>" or "FAIL - <step>".
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { chromium } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
export const WAIT_MS = 10_000;
// Poll on a timer: the default (requestAnimationFrame) does not run in background tabs.
export const WAIT = { timeout: WAIT_MS, polling: 50 };

export const dialogs = []; // every alert/confirm/prompt any page opened: must stay empty
export const pageErrors = [];

export async function openChat(context, base, label) {
  const page = await context.newPage();
  page.on('dialog', (dialog) => {
    dialogs.push(`${label}: ${dialog.type()} ${dialog.message()}`);
    dialog.dismiss().catch(() => {});
  });
  page.on('pageerror', (error) => pageErrors.push(`${label}: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') console.log(`  [${label} console] ${message.text()}`);
  });
  // Record CSP violations and every connection state the page shows, from the first script on.
  await page.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective));
    window.__states = [];
    new MutationObserver(() => {
      const status = document.getElementById('status');
      if (status && window.__states.at(-1) !== status.dataset.state) window.__states.push(status.dataset.state);
    }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-state'] });
  });
  const response = await page.goto(`${base}/demo/`);
  if (response.status() !== 200) throw new Error(`GET /demo/ answered ${response.status()}`);
  await page.waitForFunction(() => window.wsgateDemo && window.wsgateDemo.ready, null, WAIT);
  return page;
}

export async function join(page, user, room) {
  await page.bringToFront(); // actionability checks wait for animation frames, which only the front tab gets
  await page.fill('#name', user);
  await page.fill('#room', room);
  await page.click('#join-button');
  await page.waitForFunction(() => window.wsgateDemo.joined && window.wsgateDemo.status === 'online', null,
    WAIT);
}

export async function say(page, text) {
  await page.bringToFront();
  await page.fill('#text', text);
  await page.click('#send-button');
}

export const members = (page) => page.$$eval('#members li', (items) => items.map((li) => li.textContent));

export const messages = (page) => page.$$eval('#messages li.message, #messages li.direct', (items) => items.map((li) => ({
  from: li.querySelector('.from').textContent,
  text: li.querySelector('.text').textContent,
})));

export async function waitForMembers(page, expected) {
  try {
    await page.waitForFunction((want) => {
      const have = [...document.querySelectorAll('#members li')].map((li) => li.textContent).sort();
      return JSON.stringify(have) === JSON.stringify(want);
    }, [...expected].sort(), WAIT);
  } catch (e) {
    throw new Error(`members: expected ${JSON.stringify(expected)}, have ${JSON.stringify(await members(page))}`);
  }
}

export async function waitForMessage(page, from, text) {
  try {
    await page.waitForFunction(([f, t]) => [...document.querySelectorAll('#messages li')].some((li) =>
      li.querySelector('.from')?.textContent === f && li.querySelector('.text')?.textContent === t),
    [from, text], WAIT);
  } catch (e) {
    throw new Error(`no message ${JSON.stringify({ from, text })}; have ${JSON.stringify(await messages(page))}`);
  }
}

export function assert(condition, message) {
  if (!condition) throw new Error(message);
}

let passed = 0;
let failed = 0;

export async function step(name, body) {
  try {
    await body();
    passed += 1;
    console.log(`ok - ${name}`);
  } catch (error) {
    failed += 1;
    console.log(`FAIL - ${name}: ${error.stack || error}`);
    throw error; // later steps build on this one
  }
}

/**
 * Runs {@code body(context)} in a fresh Chromium profile with a watchdog, prints the summary
 * line and exits: 0 only if every step passed.
 */
export async function runInChromium(totalMs, label, body) {
  const watchdog = setTimeout(() => {
    console.log(`FAIL - the whole test did not finish within ${totalMs / 1000} s`);
    process.exit(1);
  }, totalMs);
  const userDataDir = mkdtempSync(joinPath(tmpdir(), 'wsgate-e2e-chromium-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS,
    });
    console.log(`chromium ${context.browser()?.version() ?? '(version unknown)'}, ${label}`);
    await body(context);
  } catch (error) {
    if (failed === 0) {
      failed += 1;
      console.log(`FAIL - setup: ${error.stack || error}`);
    }
  } finally {
    await context?.close().catch(() => {});
    rmSync(userDataDir, { recursive: true, force: true });
    clearTimeout(watchdog);
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 && passed > 0 ? 0 : 1);
}

