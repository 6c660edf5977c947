// wsgate rooms demo: plain browser JavaScript, no build step. The protocol is in docs/protocol.md.
// Everything that comes from the network is rendered with textContent, never as HTML.
'use strict';

(() => {
  const USER_NAME = /^[A-Za-z0-9._-]{1,32}$/;
  const BACKOFF_MIN_MS = 500;
  const BACKOFF_MAX_MS = 10000;
  const MAX_MESSAGES = 500;

  const $ = (id) => document.getElementById(id);
  const ui = {
    status: $('status'), joinForm: $('join-form'), name: $('name'), room: $('room'),
    roomTitle: $('room-title'), messages: $('messages'), members: $('members'),
    sendForm: $('send-form'), text: $('text'), sendButton: $('send-button'),
  };

  const session = {
    wsUrl: null, // from config.json
    user: null, // chosen name; null = not connected on purpose
    room: null, // the room to be in (rejoined after every reconnect)
    joined: false,
    socket: null,
    attempt: 0, // failed connections in a row, for the backoff
    timer: null,
    reconnects: 0,
    members: new Set(),
  };

  // ---------------------------------------------------------------- connection

  function connect() {
    clearTimeout(session.timer);
    setStatus('connecting', 'connecting…');
    const socket = new WebSocket(session.wsUrl + '?user=' + encodeURIComponent(session.user));
    session.socket = socket;
    // Handlers ignore a socket that is no longer the current one (replaced after a name change).
    socket.onopen = () => {
      if (socket !== session.socket) return;
      setStatus('online', 'online as ' + session.user);
      send({ op: 'join', room: session.room });
    };
    socket.onmessage = (event) => {
      if (socket === session.socket) receive(event.data);
    };
    socket.onclose = (event) => {
      if (socket !== session.socket) return;
      session.socket = null;
      setJoined(false);
      setMembers([]);
      if (event.code === 1008) {
        // Policy violation (bad name, too many errors): retrying would be refused the same way.
        session.user = null;
        setStatus('error', 'closed by the server: ' + (event.reason || 'policy violation'));
        return;
      }
      scheduleReconnect(event);
    };
  }

  /** Exponential backoff with jitter: 0.5 s doubling to 10 s, each delay drawn from [d/2, d]. */
  function scheduleReconnect(event) {
    const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** session.attempt);
    const delay = Math.round(ceiling / 2 + Math.random() * ceiling / 2);
    session.attempt += 1;
    const reason = event.code === 1000 || event.code === 1005 ? '' : ' (' + event.code + ')';
    setStatus('reconnecting', 'reconnecting in ' + (delay / 1000).toFixed(1) + ' s' + reason);
    session.timer = setTimeout(() => {
      session.reconnects += 1;
      connect();
    }, delay);
  }

  /** Drops the current socket on purpose; its late events are ignored. */
  function disconnect() {
    clearTimeout(session.timer);
    const socket = session.socket;
    session.socket = null;
    if (socket) socket.close(1000);
    setJoined(false);
    setMembers([]);
  }

  function send(message) {
    if (!session.socket || session.socket.readyState !== WebSocket.OPEN) return false;
    session.socket.send(JSON.stringify(message));
    return true;
  }

  // ---------------------------------------------------------------- protocol

  function receive(text) {
    let message;
    try {
      message = JSON.parse(text);
    } catch (e) {
      addLine('error', 'server', 'unreadable message from the server');
      return;
    }
    switch (message.op) {
      case 'joined':
        if (message.room !== session.room) return;
        session.attempt = 0; // a working session resets the backoff
        setJoined(true);
        setMembers(message.users || []);
        addLine('system', '', 'joined ' + message.room);
        break;
      case 'left':
        if (message.room === session.room) setJoined(false);
        break;
      case 'message':
        if (message.room === session.room) addLine('message', message.from, show(message.data));
        break;
      case 'direct':
        addLine('direct', message.from + ' → you', show(message.data));
        break;
      case 'presence':
        if (message.room !== session.room) return;
        if (message.event === 'join' || message.event === 'leave') {
          if (message.event === 'join') session.members.add(message.user);
          else session.members.delete(message.user);
          addLine('system', '', message.user + (message.event === 'join' ? ' joined' : ' left'));
        } else if (Array.isArray(message.users)) {
          session.members = new Set(message.users);
        }
        renderMembers();
        break;
      case 'error':
        addLine('error', 'error', (message.code || 'error') + ': ' + (message.message || ''));
        break;
      default:
        break; // newer server: ignore what this page does not know
    }
  }

  function show(data) {
    return typeof data === 'string' ? data : JSON.stringify(data);
  }

  // ---------------------------------------------------------------- rendering (text only)

  function setStatus(state, text) {
    ui.status.dataset.state = state;
    ui.status.textContent = text;
  }

  function setJoined(joined) {
    session.joined = joined;
    ui.text.disabled = !joined;
    ui.sendButton.disabled = !joined;
    ui.roomTitle.textContent = joined ? '# ' + session.room : 'Not in a room';
  }

  function setMembers(users) {
    session.members = new Set(users);
    renderMembers();
  }

  function renderMembers() {
    const items = [...session.members].sort().map((user) => {
      const li = document.createElement('li');
      li.textContent = user;
      if (user === session.user) li.className = 'self';
      return li;
    });
    ui.members.replaceChildren(...items);
  }

  function addLine(kind, from, text) {
    const li = document.createElement('li');
    li.className = kind;
    if (from) {
      const who = document.createElement('span');
      who.className = 'from';
      who.textContent = from;
      li.append(who);
    }
    const body = document.createElement('span');
    body.className = 'text';
    body.textContent = text;
    li.append(body);
    const atBottom = ui.messages.scrollTop + ui.messages.clientHeight >= ui.messages.scrollHeight - 8;
    ui.messages.append(li);
    while (ui.messages.childElementCount > MAX_MESSAGES) ui.messages.firstElementChild.remove();
    if (atBottom) ui.messages.scrollTop = ui.messages.scrollHeight;
  }

  // ---------------------------------------------------------------- forms

  ui.joinForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const user = ui.name.value.trim();
    const room = ui.room.value.trim();
    if (!USER_NAME.test(user)) {
      addLine('error', 'error', 'a name is 1 to 32 letters, digits, ".", "_" or "-"');
      return;
    }
    if (!room || !session.wsUrl) return;
    if (user === session.user && session.socket) {
      if (room !== session.room || !session.joined) switchRoom(room);
      return;
    }
    disconnect();
    session.user = user;
    session.room = room;
    session.attempt = 0;
    connect();
  });

  function switchRoom(room) {
    if (session.joined) send({ op: 'leave', room: session.room });
    session.room = room;
    setJoined(false);
    setMembers([]);
    send({ op: 'join', room });
  }

  ui.sendForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = ui.text.value;
    if (text && session.joined && send({ op: 'publish', room: session.room, data: text })) {
      ui.text.value = '';
    }
  });

  // Back online after a network change: try now instead of waiting out the backoff.
  window.addEventListener('online', () => {
    if (session.user && !session.socket) connect();
  });

  // ---------------------------------------------------------------- start

  fetch('config.json', { cache: 'no-store' })
    .then((response) => {
      if (!response.ok) throw new Error('config.json: HTTP ' + response.status);
      return response.json();
    })
    .then((config) => {
      session.wsUrl = config.ws;
      setStatus('offline', 'choose a name and a room');
    })
    .catch((error) => setStatus('error', 'cannot load the configuration: ' + error.message));

  // For tests and the curious: state, and a way to drop the socket as a network failure would.
  window.wsgateDemo = Object.freeze({
    get status() { return ui.status.dataset.state; },
    get joined() { return session.joined; },
    get reconnects() { return session.reconnects; },
    get ready() { return session.wsUrl !== null; },
    dropConnection() {
      if (session.socket) session.socket.close(4000, 'dropped by test hook');
    },
  });
})();
