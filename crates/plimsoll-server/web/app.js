// The shell: who is logged in, the login form, and the hash router.
import { api, setCsrf, ApiError } from '/ui/api.js';
import { h, fill, message } from '/ui/dom.js';
import { mapPage, eventsPage, eventPage, vesselPage, ledgerPage, auditPage, atLeast } from '/ui/pages.js';

const main = document.getElementById('main');
let session = null;

function showSession() {
  const who = document.getElementById('who');
  document.getElementById('nav').hidden = !session;
  if (!session) {
    fill(who);
    return;
  }
  document.getElementById('nav-audit').hidden = !atLeast(session, 'admin');
  fill(who, `${session.user} (${session.role}) `, h('button', {
    type: 'button', id: 'logout',
    onclick: async () => {
      await api('/logout', { method: 'POST' }).catch(() => {});
      session = null;
      setCsrf('');
      showSession();
      loginPage();
    },
  }, 'Log out'));
}

function loginPage() {
  const name = h('input', { name: 'name', id: 'login-name', autocomplete: 'username', required: true, maxlength: 64 });
  const password = h('input', { name: 'password', id: 'login-password', type: 'password', autocomplete: 'current-password', required: true });
  const note = h('div', { id: 'login-note' });
  fill(main, h('div', { class: 'page login' },
    h('h1', {}, 'Log in'),
    h('form', {
      id: 'login-form',
      onsubmit: async (e) => {
        e.preventDefault();
        try {
          const r = await api('/login', { method: 'POST', body: { name: name.value, password: password.value } });
          session = { user: r.user, role: r.role };
          setCsrf(r.csrf_token);
          showSession();
          route();
        } catch (err) {
          fill(note, message('error', err instanceof ApiError ? err.message : String(err)));
        }
      },
    }, h('label', {}, 'Name', name), h('label', {}, 'Password', password), h('button', { type: 'submit' }, 'Log in'), note)));
}

async function route() {
  if (!session) {
    loginPage();
    return;
  }
  const [path, q] = (window.location.hash.replace(/^#/, '') || '/map').split('?');
  const params = new URLSearchParams(q ?? '');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  for (const a of document.querySelectorAll('#nav a')) {
    a.classList.toggle('current', a.getAttribute('href') === `#/${parts[0] ?? 'map'}`);
  }
  try {
    if (parts[0] === 'events' && parts[1]) await eventPage(main, session, parts[1]);
    else if (parts[0] === 'events') await eventsPage(main, session, params);
    else if (parts[0] === 'vessels' && parts[1]) await vesselPage(main, session, parts[1]);
    else if (parts[0] === 'ledger') await ledgerPage(main, session, params);
    else if (parts[0] === 'audit') await auditPage(main, session, params);
    else await mapPage(main, session);
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      session = null;
      showSession();
      loginPage();
      return;
    }
    fill(main, h('div', { class: 'page' }, message('error', String(e?.message ?? e))));
  }
}

window.addEventListener('hashchange', route);

try {
  const me = await api('/me');
  session = { user: me.user, role: me.role };
  setCsrf(me.csrf_token);
} catch {
  session = null;
}
showSession();
route();
