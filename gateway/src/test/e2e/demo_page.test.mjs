// End-to-end test of the demo chat page (/demo/) in headless Debian Chromium, driven by
// playwright-core (which never downloads a browser). Run by DemoPageIT:
//   node demo_page.test.mjs http://127.0.0.1:<management port>
// Environment: WSGATE_API_KEY (optional) also checks a message pushed through the publish API,
// whose sender is WSGATE_API_SENDER (default "server").
// Prints "ok - <step>" per step and "<n> passed, <m> failed"; exits 0 only if all passed.
import {
  assert, dialogs, join, messages, openChat, pageErrors, runInChromium, say, step, WAIT, waitForMembers,
  waitForMessage,
} from './chat_page.mjs';

const TOTAL_MS = 120_000;
const XSS = '<img src=x onerror=alert(1)>';

const base = process.argv[2];
if (!base) {
  console.error('usage: node demo_page.test.mjs http://127.0.0.1:<management port>');
  process.exit(2);
}
const apiKey = process.env.WSGATE_API_KEY;
const apiSender = process.env.WSGATE_API_SENDER || 'server';

await runInChromium(TOTAL_MS, `demo ${base}/demo/`, async (context) => {
  const alice = await openChat(context, base, 'alice');
  const bob = await openChat(context, base, 'bob');
  const carol = await openChat(context, base, 'carol');

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
});
