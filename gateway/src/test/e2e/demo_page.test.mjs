// End-to-end test of the demo chat page (/demo/) in headless Debian Chromium, driven by
// playwright-core (which never downloads a browser). Run by DemoPageIT:
//   node demo_page.test.mjs http://127.0.0.1:<management port>
// Environment: WSGATE_API_KEY (optional) also checks a message pushed through the publish API,
// whose sender is WSGATE_API_SENDER (default "server").
// Prints "ok - <step>" per step and "<n> passed, <m> failed"; exits 0 only if all passed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { chromium } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const WAIT_MS = 10_000;
// Poll on a timer: the default (requestAnimationFrame) does not run in background tabs.
const WAIT = { timeout: WAIT_MS, polling: 50 };
const TOTAL_MS = 120_000;
const XSS = '<img src=x onerror=alert(1)>';

const base = process.argv[2];
if (!base) {
  console.error('usage: node demo_page.test.mjs http://127.0.0.1:<management port>');
  process.exit(2);
}
const apiKey = process.env.WSGATE_API_KEY;
const apiSender = process.env.WSGATE_API_SENDER || 'server';

const watchdog = setTimeout(() => {
  console.log(`FAIL - the whole test did not finish within ${TOTAL_MS / 1000} s`);
  process.exit(1);
}, TOTAL_MS);

// ------------------------------------------------------------------ page helpers

const dialogs = []; // every alert/confirm/prompt any page opened: must stay empty
const pageErrors = [];

async function openChat(context, label) {
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

async function join(page, user, room) {
  await page.bringToFront(); // actionability checks wait for animation frames, which only the front tab gets
  await page.fill('#name', user);
  await page.fill('#room', room);
  await page.click('#join-button');
  await page.waitForFunction(() => window.wsgateDemo.joined && window.wsgateDemo.status === 'online', null,
    WAIT);
}

async function say(page, text) {
  await page.bringToFront();
  await page.fill('#text', text);
  await page.click('#send-button');
}

const members = (page) => page.$$eval('#members li', (items) => items.map((li) => li.textContent));

const messages = (page) => page.$$eval('#messages li.message, #messages li.direct', (items) => items.map((li) => ({
  from: li.querySelector('.from').textContent,
  text: li.querySelector('.text').textContent,
})));

async function waitForMembers(page, expected) {
  try {
    await page.waitForFunction((want) => {
      const have = [...document.querySelectorAll('#members li')].map((li) => li.textContent).sort();
      return JSON.stringify(have) === JSON.stringify(want);
    }, [...expected].sort(), WAIT);
  } catch (e) {
    throw new Error(`members: expected ${JSON.stringify(expected)}, have ${JSON.stringify(await members(page))}`);
  }
}

async function waitForMessage(page, from, text) {
  try {
    await page.waitForFunction(([f, t]) => [...document.querySelectorAll('#messages li')].some((li) =>
      li.querySelector('.from')?.textContent === f && li.querySelector('.text')?.textContent === t),
    [from, text], WAIT);
  } catch (e) {
    throw new Error(`no message ${JSON.stringify({ from, text })}; have ${JSON.stringify(await messages(page))}`);
  }
}

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

// ------------------------------------------------------------------ steps

let passed = 0;
let failed = 0;

async function step(name, body) {
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

const userDataDir = mkdtempSync(joinPath(tmpdir(), 'wsgate-e2e-chromium-'));
let context;
try {
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS,
  });
  console.log(`chromium ${context.browser()?.version() ?? '(version unknown)'}, demo ${base}/demo/`);
  const alice = await openChat(context, 'alice');
  const bob = await openChat(context, 'bob');
  const carol = await openChat(context, 'carol');

  await step('alice and bob join lobby and see each other in the member list', async () => {
    await join(alice, 'alice', 'lobby');
    await waitForMembers(alice, ['alice']);
    await join(bob, 'bob', 'lobby');
    await waitForMembers(bob, ['alice', 'bob']);
    await waitForMembers(alice, ['alice', 'bob']); // presence event
  });

  await step('carol joins another room and sees only herself', async () => {
    await join(carol, 'carol', 'elsewhere');
    await waitForMembers(carol, ['carol']);
    await waitForMembers(alice, ['alice', 'bob']);
  });

  await step('messages reach every member of the room', async () => {
    await say(alice, 'hello from alice');
    await waitForMessage(bob, 'alice', 'hello from alice');
    await waitForMessage(alice, 'alice', 'hello from alice');
    await say(bob, 'hi alice');
    await waitForMessage(alice, 'bob', 'hi alice');
  });

  await step('the other room sees nothing of lobby, and lobby nothing of it', async () => {
    await say(carol, 'carol alone');
    await waitForMessage(carol, 'carol', 'carol alone');
    // Published after carol's message was handled: once bob has it, carol's would have come first.
    await say(alice, 'lobby only');
    await waitForMessage(bob, 'alice', 'lobby only');
    const carolSees = await messages(carol);
    assert(JSON.stringify(carolSees) === JSON.stringify([{ from: 'carol', text: 'carol alone' }]),
      `carol saw ${JSON.stringify(carolSees)}`);
    for (const [name, page] of [['alice', alice], ['bob', bob]]) {
      const seen = await messages(page);
      assert(!seen.some((m) => m.text === 'carol alone'), `${name} saw carol's message`);
    }
    await waitForMembers(carol, ['carol']);
  });

  await step('markup in a message is shown as text: no dialog, no img element', async () => {
    await say(bob, XSS);
    await waitForMessage(alice, 'bob', XSS);
    await waitForMessage(bob, 'bob', XSS);
    await alice.waitForTimeout(300); // an injected img would have fired onerror by now
    for (const [name, page] of [['alice', alice], ['bob', bob], ['carol', carol]]) {
      const images = await page.$$eval('#messages img, #members img', (found) => found.length);
      assert(images === 0, `${name}: ${images} img element(s) in the chat`);
      const documentImages = await page.evaluate(() => document.images.length);
      assert(documentImages === 0, `${name}: document has ${documentImages} image(s)`);
    }
    assert(dialogs.length === 0, `dialogs opened: ${dialogs.join('; ')}`);
  });

  if (apiKey) {
    await step('a message pushed through the publish API shows up, as text', async () => {
      const response = await fetch(`${base}/api/rooms/lobby/messages`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${apiKey}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(`deploy done ${XSS}`),
      });
      const body = await response.text();
      assert(response.status === 200, `publish API answered ${response.status}: ${body}`);
      await waitForMessage(alice, apiSender, `deploy done ${XSS}`);
      await waitForMessage(bob, apiSender, `deploy done ${XSS}`);
      assert(dialogs.length === 0, `dialogs opened: ${dialogs.join('; ')}`);
    });
  }

  await step('a dropped socket reconnects with backoff and rejoins its room', async () => {
    await alice.evaluate(() => { window.__states = [window.wsgateDemo.status]; });
    await alice.evaluate(() => window.wsgateDemo.dropConnection());
    await alice.waitForFunction(() => window.wsgateDemo.reconnects >= 1 && window.wsgateDemo.joined
      && window.wsgateDemo.status === 'online', null, WAIT);
    const states = await alice.evaluate(() => window.__states);
    assert(states.includes('reconnecting'), `alice never showed "reconnecting": ${JSON.stringify(states)}`);
    assert(states.at(-1) === 'online', `alice's last state: ${JSON.stringify(states)}`);
    await waitForMembers(alice, ['alice', 'bob']);
    await waitForMembers(bob, ['alice', 'bob']);
    await say(bob, 'welcome back');
    await waitForMessage(alice, 'bob', 'welcome back');
    await say(alice, 'alice is back');
    await waitForMessage(bob, 'alice', 'alice is back');
  });

  await step('closing a page removes its user from the others\' member list', async () => {
    await bob.close();
    await waitForMembers(alice, ['alice']);
  });

  await step('no script errors and no Content-Security-Policy violations', async () => {
    assert(pageErrors.length === 0, `page errors: ${pageErrors.join('; ')}`);
    for (const [name, page] of [['alice', alice], ['carol', carol]]) {
      const violations = await page.evaluate(() => window.__csp);
      assert(violations.length === 0, `${name}: CSP violations ${JSON.stringify(violations)}`);
    }
    assert(dialogs.length === 0, `dialogs opened: ${dialogs.join('; ')}`);
  });
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
