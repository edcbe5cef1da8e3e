// The transit view: a declaration pre-filled from a planned route ("Declare transit" on the Routes
// view), lodged and signed by the holder; the declaration's state per country leg; customs events
// (start, terminate, discharge, refuse) signed and sent by the authority of the leg's country and
// holder events (amend, cancel) by the holder; every problem with its code and JSON pointer; the
// audit chain. Each message is signed in this page with the sender's own key (WebCrypto Ed25519).
import { escapeHtml } from '../format.js';
import { buildDeclaration } from '../declaration.js';
import { problemHtml } from '../problem.js';
import { headSignatureOk, importSigningKey, parseKeyFiles, senderSignatureOk, signMessage, verifyHex } from '../signing.js';

const TEMPLATE = `
<div class="page-layout">
  <aside class="sidebar">
    <form class="keys-form card" novalidate>
      <h2>Sign in <small>each actor with its own key file</small></h2>
      <div class="field"><label for="tk-keys">Paste the key file <code>caravan transit keygen</code> wrote (one or several, one after another)</label>
        <textarea id="tk-keys" name="keys" rows="3" spellcheck="false" placeholder='{"id": "customs-KZ", "role": "customs", "country": "KZ", "api_key": "…", "public_key": "…", "secret_key": "…"}'></textarea></div>
      <div class="row keys-actions"><input id="tk-file" type="file" accept=".json,.txt,text/plain,application/json" aria-label="key file" />
        <button type="submit" class="secondary">Sign in</button></div>
      <div class="form-errors keys-errors" role="alert"></div>
      <div class="signed-in"></div>
      <p class="hint">The keys stay in this page only (nothing is stored): each secret key becomes a WebCrypto key that cannot be read back, and signs this actor's messages here.</p>
    </form>
    <form class="decl-form card" novalidate>
      <h2>Declaration</h2>
      <p class="decl-source hint">Plan a route on the Routes view and choose "Declare transit", or type the itinerary.</p>
      <div class="row">
        <div class="field"><label for="td-message">Message id</label><input id="td-message" name="messageId" /></div>
        <div class="field"><label for="td-lrn">Local reference</label><input id="td-lrn" name="localReference" /></div>
        <div class="field"><label for="td-mode">Mode</label><select id="td-mode" name="mode"><option>road</option><option>rail</option><option>sea</option></select></div>
      </div>
      <div class="row">
        <div class="field"><label for="td-holder-id">Holder id</label><input id="td-holder-id" name="holderId" value="KZ/015/2345" /></div>
        <div class="field"><label for="td-holder-country">Country</label><input id="td-holder-country" name="holderCountry" value="KZ" maxlength="2" /></div>
      </div>
      <div class="field"><label for="td-holder-name">Holder name</label><input id="td-holder-name" name="holderName" value="Almaty Freight LLP" /></div>
      <div class="row">
        <div class="field"><label for="td-guarantee">Guarantee ref.</label><input id="td-guarantee" name="guaranteeReference" value="TIRXK12345678" /></div>
        <div class="field"><label for="td-amount">Amount</label><input id="td-amount" name="guaranteeAmount" type="number" value="60000" /></div>
        <div class="field"><label for="td-currency">Currency</label><input id="td-currency" name="guaranteeCurrency" value="EUR" maxlength="3" /></div>
      </div>
      <div class="row">
        <div class="field"><label for="td-hs6">HS-6</label><input id="td-hs6" name="hs6" value="870323" /></div>
        <div class="field"><label for="td-mass">Gross kg</label><input id="td-mass" name="grossMass" type="number" value="12400.5" /></div>
        <div class="field"><label for="td-packages">Packages</label><input id="td-packages" name="packages" type="number" value="8" /></div>
      </div>
      <div class="field"><label for="td-description">Goods</label><input id="td-description" name="description" value="Passenger cars 1500-3000 cc" /></div>
      <div class="row">
        <div class="field"><label for="td-container">Container</label><input id="td-container" name="container" value="CSQU3054383" /></div>
        <div class="field"><label for="td-seals">Seals (comma-separated)</label><input id="td-seals" name="seals" value="KZ0012345, KZ0012346" /></div>
      </div>
      <div class="field"><label for="td-itinerary">Itinerary: one office a line (office, mode, transshipment note)</label>
        <textarea id="td-itinerary" name="itinerary" rows="6" spellcheck="false"></textarea></div>
      <div class="form-errors decl-errors" role="alert"></div>
      <button type="submit" class="primary">Lodge declaration (as holder)</button>
    </form>
  </aside>
  <div class="page-main transit-main"><p class="empty">No declaration lodged yet.</p></div>
</div>`;

const CUSTOMS_EVENTS = [['start', 'start_office'], ['terminate', 'end_office'], ['discharge', 'end_office'], ['refuse', 'start_office']];

// The itinerary textarea ↔ [{office, mode, transshipment?}]; places are shown as a comment.
const itineraryText = (offices) => offices.map((o) => [o.office, o.mode, o.transshipment ?? ''].join(', ').replace(/, $/, '') + (o.place ? `   # ${o.place}` : '')).join('\n');
const readItinerary = (text) => text.split('\n').map((l) => l.replace(/#.*$/, '').trim()).filter(Boolean).map((l) => {
  const [office, mode, ...note] = l.split(',').map((x) => x.trim());
  const o = { office, mode: mode || undefined };
  if (note.join(',').trim()) o.transshipment = note.join(',').trim();
  return o;
});

export const transitView = {
  id: 'transit',
  title: 'Transit',
  mount(root, shell) {
    const { api } = shell;
    root.innerHTML = TEMPLATE;
    const $ = (s) => root.querySelector(s);
    const form = $('.decl-form');
    let serial = 0;
    const newMessageId = () => `WEB-${Date.now().toString(36).toUpperCase()}-${++serial}`;
    const state = { actors: [], declaration: null, log: [], audit: [], lastProblem: null };
    window.__caravan = Object.assign(window.__caravan ?? {}, { transit: state });
    form.elements.messageId.value = newMessageId();

    setupSignIn(root, state);
    const holder = () => state.actors.find((a) => a.role === 'holder');
    const customsOf = (country) => state.actors.find((a) => a.role === 'customs' && a.country === country);

    // A draft from the Routes view (before or after this view was first shown).
    const takeDraft = () => {
      const draft = shell.transitDraft;
      if (!draft) return;
      shell.transitDraft = null;
      form.elements.mode.value = draft.mode;
      form.elements.itinerary.value = itineraryText(draft.itinerary);
      form.elements.messageId.value = newMessageId();
      form.elements.localReference.value = draft.localReference;
      $('.decl-source').textContent = `From the route ${draft.label}: ${draft.itinerary.length} customs offices (derived codes, the route's declaration skeleton).`;
    };
    takeDraft();
    window.addEventListener('caravan:declare', takeDraft);

    const showProblem = (where, err) => {
      state.lastProblem = err.problem ?? { title: err.message };
      where.innerHTML = problemHtml(err, transitHint(err.status));
    };

    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      $('.decl-errors').innerHTML = '';
      const key = holder();
      if (!key) {
        $('.decl-errors').innerHTML = '<div class="problem"><b>Nobody is signed in as the holder</b><p>Sign in above with the holder\'s key file (<code>caravan transit keygen</code> writes it).</p></div>';
        return;
      }
      const f = Object.fromEntries([...new FormData(form)].map(([k, v]) => [k, String(v).trim()]));
      const body = buildDeclaration(f, readItinerary(form.elements.itinerary.value));
      try {
        const answer = await api.transit.declare(key.apiKey, await signed(key, '', body));
        state.log = [{ actor: answer.actor, message: body.message_id, what: 'declaration', outcome: answer.declaration.state }];
        state.declaration = answer.declaration;
        form.elements.messageId.value = newMessageId();
        await refresh();
        // On a phone the declaration is shown below the forms: brought into view, not left unseen.
        if (matchMedia('(max-width: 720px)').matches) $('.transit-main').scrollIntoView({ block: 'start' });
      } catch (err) {
        showProblem($('.decl-errors'), err);
      }
    });

    // The holder's view is the whole declaration: re-read it and the audit chain after each message.
    async function refresh() {
      const key = holder();
      state.declaration = await api.transit.get(key.apiKey, state.declaration.id);
      state.audit = await auditEntries(await api.transit.audit(key.apiKey, state.declaration.id));
      render();
    }

    async function send(actor, body, what, needed) {
      $('.event-errors').innerHTML = '';
      if (!actor) {
        $('.event-errors').innerHTML = `<div class="problem"><b>Nobody is signed in for this step</b><p>${escapeHtml(what)} is sent by ${escapeHtml(needed)}: sign in with its key on the left.</p></div>`;
        return;
      }
      const message = { message_id: newMessageId(), ...body };
      try {
        const answer = await api.transit.event(actor.apiKey, state.declaration.id, await signed(actor, state.declaration.id, message));
        state.log.push({ actor: answer.actor, message: message.message_id, what, outcome: 'applied' });
      } catch (err) {
        state.log.push({ actor: actor.id, message: message.message_id, what, outcome: `${err.status} ${(err.problem?.errors ?? []).map((x) => x.code).join(' ')}` });
        await refresh();
        showProblem($('.event-errors'), err);
        return;
      }
      await refresh();
    }

    const nextSequence = () => 1 + Math.max(0, ...state.declaration.legs.flatMap((l) => l.operations.map((o) => o.sequence)));

    $('.transit-main').addEventListener('click', (e) => {
      const b = e.target.closest('button[data-event]');
      if (!b) return;
      const type = b.dataset.event;
      if (type === 'amend') {
        let value;
        try {
          value = JSON.parse($('#tx-amend-value').value);
        } catch {
          value = $('#tx-amend-value').value;
        }
        send(holder(), { type, changes: [{ pointer: $('#tx-amend-pointer').value.trim(), value }] }, 'amend', 'the holder');
      } else if (type === 'cancel') {
        send(holder(), { type, reason: $('#tx-reason').value.trim() || 'withdrawn' }, 'cancel', 'the holder');
      } else {
        const leg = state.declaration.legs.find((l) => l.number === Number(b.dataset.leg));
        const office = leg[CUSTOMS_EVENTS.find(([t]) => t === type)[1]];
        const body = { type, office, leg: leg.number, operation_id: `${leg.country}-${leg.number}-${type}`, sequence: nextSequence() };
        if (type === 'refuse') body.reason = $('#tx-reason').value.trim() || 'refused at entry';
        send(customsOf(leg.country), body, `${type} leg ${leg.number} (${leg.country})`, `customs-${leg.country}`);
      }
    });

    function render() {
      const d = state.declaration;
      const legs = d.legs.map((l) => `<tr data-leg="${l.number}" class="leg-${l.state}"><td class="num">${l.number}</td><td>${l.country}</td>
        <td>${l.offices.map(escapeHtml).join(' → ')}${l.transshipments.length ? `<br><small>${l.transshipments.map((t) => escapeHtml(typeof t === 'string' ? t : JSON.stringify(t))).join('; ')}</small>` : ''}</td>
        <td>${l.mode}</td><td class="leg-state"><b>${l.state}</b></td>
        <td>${l.operations.map((o) => `${o.type} #${o.sequence} at ${escapeHtml(o.office)}`).join('<br>')}</td>
        <td class="actions">${CUSTOMS_EVENTS.map(([t]) => `<button type="button" class="secondary small" data-event="${t}" data-leg="${l.number}" title="as customs-${l.country}">${t}</button>`).join('')}</td></tr>`).join('');
      const audit = state.audit.entries ?? [];
      $('.transit-main').innerHTML = `<h2>Declaration <code class="decl-id">${escapeHtml(d.id)}</code> <span class="decl-state state-${d.state}">${d.state}</span>
          <small>version ${d.version} · guarantee ${escapeHtml(d.guarantee.reference)} ${d.guarantee.amount} ${d.guarantee.currency} <b class="guarantee-status">${d.guarantee.status}</b></small></h2>
        <section class="card"><h3>Country legs <small>customs events are sent with the key of the leg's country</small></h3>
          <table class="options transit-legs"><thead><tr><th>#</th><th>Country</th><th>Offices</th><th>Mode</th><th>State</th><th>Operations</th><th></th></tr></thead><tbody>${legs}</tbody></table>
          <div class="row holder-actions">
            <div class="field"><label for="tx-amend-pointer">Amend (holder): pointer</label><input id="tx-amend-pointer" value="/consignments/0/items/0/gross_mass_kg" /></div>
            <div class="field"><label for="tx-amend-value">value (JSON)</label><input id="tx-amend-value" value="12100" /></div>
            <button type="button" class="secondary" data-event="amend">amend</button>
            <div class="field"><label for="tx-reason">Reason (cancel, refuse)</label><input id="tx-reason" /></div>
            <button type="button" class="secondary" data-event="cancel">cancel</button>
          </div>
          <div class="event-errors" role="alert"></div>
        </section>
        <section class="card"><h3>Messages</h3><table class="options transit-log"><thead><tr><th>Message</th><th>Actor</th><th>What</th><th>Outcome</th></tr></thead>
          <tbody>${state.log.map((m) => `<tr><td><code>${escapeHtml(m.message)}</code></td><td>${escapeHtml(m.actor)}</td><td>${escapeHtml(m.what)}</td><td>${escapeHtml(m.outcome)}</td></tr>`).join('')}</tbody></table></section>
        <section class="card"><h3>Audit chain <small>${state.audit.header?.format ?? ''} · ${audit.length} entries · ${state.audit.verified ? 'every hash, link, sender\'s signature and countersignature, and the server-signed head, checked in the browser (SHA-256, Ed25519)' : '<b class="bad">a hash, link or signature does not match</b>'}; the keys against a roster: <code>caravan transit verify</code></small></h3>
          <table class="options transit-audit"><thead><tr><th>#</th><th>Actor</th><th>Message</th><th>Type</th><th>State after</th><th>At</th><th>Hash</th><th>Chain</th><th>Signed</th></tr></thead>
          <tbody>${audit.map((a) => `<tr data-sequence="${a.sequence}"><td class="num">${a.sequence}</td><td>${escapeHtml(a.actor)}</td><td><code>${escapeHtml(a.body?.message_id ?? '(withheld)')}</code></td>
            <td>${escapeHtml(a.body?.type ?? '')}</td><td>${escapeHtml(a.body?.state ?? '')}</td><td>${escapeHtml(a.body?.at ?? '')}</td>
            <td><code title="${a.hash}">${a.hash.slice(0, 12)}…</code></td><td>${a.hashOk && a.linkOk ? '✓' : '✗'}</td>
            <td class="signed" title="sender's signature · server's countersignature">${a.senderOk === null ? '(withheld)' : a.senderOk ? '✓' : '✗'} · ${a.countersignatureOk ? '✓' : '✗'}</td></tr>`).join('')}</tbody></table></section>`;
    }
  },
};

// The audit export (JSON Lines): header, then entries; each entry's hash is recomputed from its
// canonical text (SHA-256) and linked to the previous one, its countersignature checked with the
// header's server key and its sender's signature with the key its body names (Ed25519); the
// header's signed head must name the last entry. Withheld
// entries keep hash, link and countersignature only. Whether those keys are the registered ones is
// what `caravan transit verify --roster` adds.
async function auditEntries(ndjson) {
  const [header, ...lines] = ndjson.split('\n').filter(Boolean).map((l) => JSON.parse(l));
  const entries = [];
  let previous = '';
  for (const e of lines) {
    const body = e.canonical ? JSON.parse(e.canonical) : null;
    const hashOk = e.canonical ? (await sha256Hex(e.canonical)) === e.hash : true;
    const countersignatureOk = await verifyHex(header.server_public_key, new TextEncoder().encode(e.hash), e.countersignature);
    const senderOk = body ? await senderSignatureOk(body) : null;  // null: withheld, not checkable here
    entries.push({ ...e, body, hashOk, linkOk: e.previous_hash === previous, countersignatureOk, senderOk });
    previous = e.hash;
  }
  const ok = (x) => x.hashOk && x.linkOk && x.countersignatureOk && x.senderOk !== false;
  // The header's head: signed by the same server key, of this declaration, naming the last entry.
  const head = header.head;
  const headOk = (await headSignatureOk(header.server_public_key, head)) && head.declaration_id === header.declaration_id
    && head.sequence === entries.length && head.hash === entries.at(-1)?.hash;
  return { header, entries, headOk, verified: entries.length === header.entries && entries.every(ok) && headOk };
}

async function sha256Hex(text) {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

// Sign-in: key files of `caravan transit keygen` pasted (or loaded from a file). Each secret key is
// imported as a non-extractable WebCrypto key and its text dropped. Each actor signed in is listed
// with a sign-out button; a paste that parses signs in at once, one that does not says which key
// file and field is wrong when "Sign in" is pressed.
function setupSignIn(root, state) {
  const form = root.querySelector('.keys-form');
  const errors = root.querySelector('.keys-errors');
  const textarea = form.elements.keys;
  const signIn = async (text, { quiet }) => {
    errors.innerHTML = '';
    let actors;
    try {
      actors = await Promise.all(parseKeyFiles(text).map(async ({ secretKey, ...actor }) => ({ ...actor, signingKey: await importSigningKey(secretKey) })));
    } catch (err) {
      if (!quiet) errors.innerHTML = `<div class="problem"><b>Not a key file</b><p>${escapeHtml(err.message)}</p></div>`;
      return;
    }
    if (!actors.length) {
      if (!quiet) errors.innerHTML = '<div class="problem"><b>No key file found</b><p>Paste the file <code>caravan transit keygen</code> wrote.</p></div>';
      return;
    }
    for (const a of actors) state.actors = [...state.actors.filter((x) => x.id !== a.id), a];
    textarea.value = '';
    show();
  };
  const show = () => {
    const box = root.querySelector('.signed-in');
    box.innerHTML = state.actors.length
      ? `<div class="signed-in-list"><table class="options signed-in-actors"><thead><tr><th>Signed in</th><th>role</th><th>key</th><th></th></tr></thead><tbody>${state.actors
        .map((a) => `<tr data-actor="${escapeHtml(a.id)}"><td><b>${escapeHtml(a.id)}</b></td><td>${escapeHtml(a.role)}${a.country ? ` ${escapeHtml(a.country)}` : ''}</td>
          <td><code>${escapeHtml(a.apiKey.slice(0, 6))}…</code></td><td><button type="button" class="secondary small" data-sign-out="${escapeHtml(a.id)}">sign out</button></td></tr>`).join('')}</tbody></table></div>
        <button type="button" class="secondary small" data-sign-out="*">sign everyone out</button>`
      : '<p class="hint">Nobody is signed in: each actor makes its key file with <code>caravan transit keygen</code>.</p>';
  };
  textarea.addEventListener('input', () => signIn(textarea.value, { quiet: true }));
  form.addEventListener('submit', (e) => { e.preventDefault(); signIn(textarea.value, { quiet: false }); });
  form.querySelector('#tk-file').addEventListener('change', async (e) => {
    const file = e.target.files[0];
    if (file) signIn(await file.text(), { quiet: false });
    e.target.value = '';
  });
  root.querySelector('.signed-in').addEventListener('click', (e) => {
    const b = e.target.closest('[data-sign-out]');
    if (!b) return;
    state.actors = b.dataset.signOut === '*' ? [] : state.actors.filter((a) => a.id !== b.dataset.signOut);
    show();
  });
  show();
}

// The message as sent by this actor: signed with its own key for this declaration ("" when lodging),
// the one place every message passes through.
function signed(actor, declarationId, message) {
  return signMessage(actor.signingKey, actor.id, declarationId, message);
}

// What to do about a refused transit message, by its HTTP status.
export function transitHint(status) {
  return {
    400: 'The message was not accepted as sent (see the pointer): a message without its signature is refused.',
    401: 'The server does not know this API key. Sign in with the key file whose roster line was registered with this server (its roster file or POST /v1/transit/actors).',
    403: 'This actor may not do that: customs act only on the legs of their own country, the holder only on its own declarations, and each message must be signed with the key the sender registered (code 342). Sign in as the actor the step needs.',
    409: 'The declaration is not in a state that allows this message (see the code): for example a leg is started before it is terminated, and nothing follows a discharge or a cancellation.',
  }[status] ?? '';
}
