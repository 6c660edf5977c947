// The demo chat page behind a load balancer, in headless Debian Chromium: two clustered gateway
// nodes behind HAProxy, the page connecting through HAProxy (demo.webSocketUrl). One node is
// drained with SIGTERM; the page that was on it gets Close 1001, reconnects through HAProxy to
// the live node and rejoins its room. Run by DemoFailoverIT:
//   node demo_failover.test.mjs http://127.0.0.1:<management port> <pid of the node to drain>
// Prints "ok - <step>" per step and "<n> passed, <m> failed"; exits 0 only if all passed.
import {
  assert, join, openChat, pageErrors, runInChromium, say, step, waitForMembers, waitForMessage,
} from './chat_page.mjs';

const TOTAL_MS = 120_000;
/** The drained node closes its clients after its drain delay (DemoFailoverIT sets 3 s). */
const FAILOVER_WAIT = { timeout: 30_000, polling: 100 };

const [base, pidText] = process.argv.slice(2);
if (!base || !pidText) {
  console.error('usage: node demo_failover.test.mjs http://127.0.0.1:<management port> <pid to drain>');
  process.exit(2);
}

async function firstToReconnect(pages, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const page of pages) {
      if (await page.evaluate(() => window.__states.includes('reconnecting'))) return page;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no page reconnected within ${timeoutMs / 1000} s of SIGTERM`);
}

await runInChromium(TOTAL_MS, `demo ${base}/demo/ behind HAProxy`, async (context) => {
  const alice = await openChat(context, base, 'alice');
  const bob = await openChat(context, base, 'bob');

  await step('alice and bob, on different nodes behind HAProxy, share a room', async () => {
    await join(alice, 'alice', 'lobby');
    await join(bob, 'bob', 'lobby');
    await waitForMembers(alice, ['alice', 'bob']);
    await waitForMembers(bob, ['alice', 'bob']);
    await say(alice, 'before the drain');
    await waitForMessage(bob, 'alice', 'before the drain');
  });

  await step('after SIGTERM of one node, its page reconnects through HAProxy and rejoins', async () => {
    for (const page of [alice, bob]) {
      await page.evaluate(() => { window.__states = [window.wsgateDemo.status]; });
    }
    process.kill(Number(pidText), 'SIGTERM');
    // Exactly one of the two pages was on the drained node.
    const moved = await firstToReconnect([alice, bob], FAILOVER_WAIT.timeout);
    const stayed = moved === alice ? bob : alice;
    await moved.waitForFunction(() => window.wsgateDemo.reconnects >= 1 && window.wsgateDemo.joined
      && window.wsgateDemo.status === 'online', null, FAILOVER_WAIT);
    const stayedStates = await stayed.evaluate(() => window.__states);
    assert(!stayedStates.includes('reconnecting'), `the page on the live node reconnected: ${JSON.stringify(stayedStates)}`);
    await waitForMembers(moved, ['alice', 'bob']);
    await waitForMembers(stayed, ['alice', 'bob']);
  });

  await step('both pages, now on the live node, keep talking', async () => {
    await say(bob, 'after the drain');
    await waitForMessage(alice, 'bob', 'after the drain');
    await say(alice, 'still here');
    await waitForMessage(bob, 'alice', 'still here');
    assert(pageErrors.length === 0, `page errors: ${pageErrors.join('; ')}`);
  });
});
