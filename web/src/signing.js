// Transit messages signed in the page by their sender (docs/transit.md "Signed messages"), with
// WebCrypto's Ed25519. The sender signs the UTF-8 bytes of
//   canonical({"actor": ID, "declaration_id": ID or "", "message": MESSAGE, "purpose": "caravan-transit-message/1"})
// where canonical is compact JSON with object keys sorted, as the server and `caravan transit sign` make it.

export const MESSAGE_PURPOSE = 'caravan-transit-message/1';

// Compact JSON with object keys sorted (the keys of transit messages are ASCII, so code-unit order
// is byte order).
export function canonicalJson(value) {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

// The text the sender signs for `message` (its "signature" left out).
export function signingText(actorId, declarationId, message) {
  const { signature: _ignored, ...unsigned } = message;
  return canonicalJson({ actor: actorId, declaration_id: declarationId ?? '', message: unsigned, purpose: MESSAGE_PURPOSE });
}

const hexBytes = (hex) => Uint8Array.from(hex.match(/../g), (b) => parseInt(b, 16));
const base64url = (bytes) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const toHex = (buffer) => [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, '0')).join('');

// One or several key files of `caravan transit keygen`, pasted one after another (or as a JSON
// array) → [{id, role, country, apiKey, secretKey}]. Throws an Error naming the key file and field.
export function parseKeyFiles(text) {
  const values = splitJsonValues(String(text ?? '')).flatMap((v) => (Array.isArray(v) ? v : [v]));
  return values.map((file, i) => {
    const where = `key file ${i + 1}`;
    if (file === null || typeof file !== 'object') throw new Error(`${where}: not a JSON object`);
    for (const field of ['id', 'role', 'api_key', 'secret_key']) {
      if (typeof file[field] !== 'string' || !file[field]) throw new Error(`${where}: /${field} is missing (paste the whole file caravan transit keygen wrote)`);
    }
    if (!/^[0-9a-f]{128}$/.test(file.secret_key)) throw new Error(`${where}: /secret_key is not 128 lowercase hex digits`);
    if (file.public_key && file.secret_key.slice(64) !== file.public_key) throw new Error(`${where}: /public_key does not belong to /secret_key`);
    const customs = /^customs-([A-Z]{2})$/.exec(file.id);
    return { id: file.id, role: file.role, country: file.country ?? (customs ? customs[1] : null), apiKey: file.api_key, secretKey: file.secret_key };
  });
}

// The JSON values of a text holding several one after another ("{…}\n{…}").
function splitJsonValues(text) {
  const values = [];
  let depth = 0, start = -1, inString = false, escaped = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (escaped) escaped = false;
      else if (c === '\\') escaped = true;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{' || c === '[') {
      if (depth++ === 0) start = i;
    } else if (c === '}' || c === ']') {
      if (--depth === 0) values.push(JSON.parse(text.slice(start, i + 1)));
      if (depth < 0) throw new Error(`unexpected '${c}' at character ${i + 1}`);
    } else if (depth === 0 && !/\s/.test(c)) {
      throw new Error(`not a key file: '${text.slice(i, i + 20)}…' at character ${i + 1}`);
    }
  }
  if (depth !== 0) throw new Error('a key file is cut short');
  return values;
}

// The secret key (libsodium's seed + public key, hex) as a WebCrypto key that cannot be exported:
// once imported, the page keeps no copy of the secret.
export async function importSigningKey(secretKeyHex) {
  const bytes = hexBytes(secretKeyHex);
  const jwk = { kty: 'OKP', crv: 'Ed25519', d: base64url(bytes.slice(0, 32)), x: base64url(bytes.slice(32)) };
  return crypto.subtle.importKey('jwk', jwk, { name: 'Ed25519' }, false, ['sign']);
}

// `message` with its "signature" (128 hex) by `signingKey` for the actor and declaration.
export async function signMessage(signingKey, actorId, declarationId, message) {
  const { signature: _ignored, ...unsigned } = message;
  const text = new TextEncoder().encode(signingText(actorId, declarationId, unsigned));
  const signature = toHex(await crypto.subtle.sign({ name: 'Ed25519' }, signingKey, text));
  return { ...unsigned, signature };
}

// Whether `signatureHex` is `publicKeyHex`'s Ed25519 signature of `bytes` (false for malformed hex).
export async function verifyHex(publicKeyHex, bytes, signatureHex) {
  if (!/^[0-9a-f]{64}$/.test(publicKeyHex ?? '') || !/^[0-9a-f]{128}$/.test(signatureHex ?? '')) return false;
  const key = await crypto.subtle.importKey('raw', hexBytes(publicKeyHex), { name: 'Ed25519' }, false, ['verify']);
  return crypto.subtle.verify({ name: 'Ed25519' }, key, hexBytes(signatureHex), bytes);
}

// The chain's head as the server signs it (docs/transit.md "Signed head"): the audit export's
// header and a holder's declaration (audit_head) carry {declaration_id, hash, sequence, signature},
// the signature over canonical({"declaration_id","hash","purpose":"caravan-transit-head/1","sequence"}).
export const HEAD_PURPOSE = 'caravan-transit-head/1';

export function headSigningText(head) {
  return canonicalJson({ declaration_id: head.declaration_id, hash: head.hash, purpose: HEAD_PURPOSE, sequence: head.sequence });
}

// Whether `head` is signed by `serverPublicKeyHex` (false when a field is missing or malformed).
export function headSignatureOk(serverPublicKeyHex, head) {
  if (typeof head?.declaration_id !== 'string' || typeof head.hash !== 'string' || !Number.isInteger(head.sequence)) return Promise.resolve(false);
  return verifyHex(serverPublicKeyHex, new TextEncoder().encode(headSigningText(head)), head.signature);
}

// An audit entry's body (caravan-transit-audit/3): its sender's signature over the message it
// holds, with the key the body names (a submission is signed for declaration "").
export function senderSignatureOk(body) {
  if (!body?.message || typeof body.actor !== 'string') return Promise.resolve(false);
  const declarationId = body.type === 'submit' ? '' : body.declaration_id;
  return verifyHex(body.public_key, new TextEncoder().encode(signingText(body.actor, declarationId, body.message)), body.signature);
}
