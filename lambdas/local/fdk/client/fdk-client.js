/*
 * The FDK client stand-in that local mode serves at {{{appclient}}}: the part of the Freshworks app client the
 * Baton sidebar and review page use (app.initialized, events, data, iparams, request.invokeTemplate, interface.trigger,
 * instance.resize). Plain browser JavaScript, served as it is; the server puts the session before it.
 */
/* global window, document */
(function fdkStandIn() {
  'use strict';
  const session = window.__BATON_FDK__;
  const listeners = new Map();
  const notifications = [];
  let active = true;

  /** The platform calls listeners asynchronously, after the app's own code has run. */
  const emit = (name) => {
    for (const callback of listeners.get(name) ?? []) setTimeout(() => callback({ type: name }), 0);
  };

  const events = {
    on(name, callback) {
      if (typeof callback !== 'function') throw new TypeError('events.on needs a callback');
      listeners.set(name, [...(listeners.get(name) ?? []), callback]);
      // The sidebar is open when the app starts: its first activation reaches a listener registered then.
      if (name === 'app.activated' && active) {
        stand.activatedAt = performance.now();
        setTimeout(() => callback({ type: name }), 0);
      }
    },
  };

  const data = {
    get(name) {
      // A full-page app runs outside any ticket: the platform has no ticket to give it.
      if (name === 'ticket' && session.ticket === null) return Promise.reject(new Error('data.get("ticket") is not available in a full-page app (no ticket is open)'));
      if (name === 'ticket') return Promise.resolve(structuredClone(session.ticket));
      if (name === 'loggedInUser') return Promise.resolve(structuredClone(session.loggedInUser));
      return Promise.reject(new Error(`data.get("${name}") is not available in local mode (ticket, loggedInUser)`));
    },
  };

  const iparams = {
    get(name) {
      const values = structuredClone(session.iparams);
      return Promise.resolve(name === undefined ? values : { [name]: values[name] });
    },
  };

  const request = {
    async invokeTemplate(name, options = {}) {
      let answer;
      try {
        const response = await fetch(session.invokeUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ name, context: options.context ?? {}, body: options.body }),
        });
        answer = await response.json();
      } catch {
        throw { status: 502, headers: {}, response: 'Local mode (npm start) is not reachable', errorSource: 'PLATFORM', attempts: 1 };
      }
      if (answer.ok) return answer.answer;
      throw answer.rejection;
    },
  };

  const NOTIFY_TYPES = ['success', 'info', 'warning', 'danger', 'error', 'alert'];
  const NOTIFY_MS = 8000;

  /** Freshservice shows notifications outside the app's frame; here, in a fixed box on the page. */
  function showNotify(options) {
    if (!options || !NOTIFY_TYPES.includes(options.type) || typeof options.message !== 'string') {
      return Promise.reject(new Error(`showNotify needs {type: ${NOTIFY_TYPES.join('|')}, message: string}`));
    }
    notifications.push({ type: options.type, title: options.title ?? null, message: options.message });
    let box = document.getElementById('fdk-notifications');
    if (!box) {
      box = document.createElement('div');
      box.id = 'fdk-notifications';
      box.setAttribute('aria-live', 'polite');
      box.style.cssText = 'position:fixed;right:8px;bottom:8px;z-index:2147483647;display:flex;flex-direction:column;gap:6px;max-width:300px;font:13px system-ui,sans-serif';
      document.body.append(box);
    }
    const colours = { success: '#00795b', info: '#2c5cc5', warning: '#a15c00', danger: '#c82124', error: '#c82124', alert: '#a15c00' };
    const item = document.createElement('div');
    item.setAttribute('role', 'status');
    item.dataset.fdkNotify = options.type;
    item.style.cssText = `background:#fff;border-left:4px solid ${colours[options.type]};box-shadow:0 2px 6px rgba(0,0,0,.2);padding:8px 28px 8px 10px;position:relative`;
    if (options.title) {
      const title = document.createElement('strong');
      title.textContent = options.title;
      item.append(title, document.createElement('br'));
    }
    item.append(document.createTextNode(options.message));
    const close = document.createElement('button');
    close.type = 'button';
    close.textContent = '×';
    close.setAttribute('aria-label', 'Dismiss');
    close.style.cssText = 'position:absolute;top:2px;right:4px;border:0;background:none;font-size:16px;cursor:pointer';
    close.addEventListener('click', () => item.remove());
    item.append(close);
    box.append(item);
    // Like the platform's toasts, each goes away on its own after a while.
    setTimeout(() => item.remove(), NOTIFY_MS);
    while (box.children.length > 4) box.firstElementChild.remove();
    return Promise.resolve({ message: 'notified' });
  }

  const client = {
    events,
    data,
    iparams,
    request,
    interface: {
      trigger(action, options) {
        if (action === 'showNotify') return showNotify(options);
        return Promise.reject(new Error(`interface.trigger("${action}") is not available in local mode (showNotify)`));
      },
    },
    instance: {
      /** The platform resizes the sidebar's frame, up to 700 px. */
      resize(options) {
        const height = Number.parseInt(String(options?.height ?? ''), 10);
        if (!Number.isFinite(height) || height <= 0) return Promise.reject(new Error('instance.resize needs {height}'));
        stand.height = Math.min(height, 700);
        document.documentElement.dataset.fdkHeight = String(stand.height);
        return Promise.resolve();
      },
    },
  };

  /** For people and tests: what the platform did, and the sidebar shown again or hidden. */
  const stand = {
    notifications,
    activatedAt: null,
    height: null,
    activate() {
      active = true;
      stand.activatedAt = performance.now();
      emit('app.activated');
    },
    deactivate() {
      active = false;
      emit('app.deactivated');
    },
  };

  /** A thin bar above the app: which ticket and agent this is, and the platform's controls. */
  function standInBar() {
    const bar = document.createElement('div');
    bar.dataset.fdk = 'bar';
    bar.style.cssText = 'display:flex;gap:8px;align-items:center;flex-wrap:wrap;padding:4px 8px;background:#f3f5f7;border-bottom:1px solid #cfd7df;font:12px system-ui,sans-serif;color:#475867';
    const what = document.createElement('span');
    const where = session.ticket === null ? 'full page' : `ticket ${session.ticket.ticket.id}`;
    what.textContent = `Local FDK · ${where} · agent ${session.agent}`;
    const back = document.createElement('a');
    back.href = session.indexUrl;
    back.textContent = 'switch';
    const again = document.createElement('button');
    again.type = 'button';
    again.dataset.fdk = 'activate';
    again.textContent = session.ticket === null ? 'reopen page' : 'reopen sidebar';
    again.title = 'Fires app.activated again, as Freshservice does when the agent comes back to the app';
    again.addEventListener('click', () => stand.activate());
    bar.append(what, back, again);
    document.body.prepend(bar);
  }

  const ready = new Promise((resolve) => {
    const start = () => {
      standInBar();
      resolve(client);
    };
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start, { once: true });
    else start();
  });

  window.__fdk = stand;
  window.app = { initialized: () => ready };
})();
