import { createPublicKey, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, headSignatureOk, headSigningText, importSigningKey, parseKeyFiles, senderSignatureOk, signingText, signMessage, verifyHex } from '../src/signing.js';

// RFC 8032 §7.1 test 1: the secret key (seed + public key) and its public key.
const SEED = '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60';
const PUBLIC = 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a';
const keyFile = (id, extra = {}) => ({ id, role: id.startsWith('customs') ? 'customs' : 'holder', api_key: 'a'.repeat(48), public_key: PUBLIC, secret_key: SEED + PUBLIC, ...extra });

describe('canonical form (docs/transit.md "Signed messages")', () => {
  it('sorts keys at every level and leaves no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 2.5, 'é'], c: null } })).toBe('{"a":{"c":null,"d":[1,2.5,"é"]},"b":1}');
  });
  it('signs the actor, the declaration and the message without its signature', () => {
    expect(signingText('customs-KZ', '26KZ00000000000121', { type: 'start', message_id: 'm1', signature: 'x' }))
      .toBe('{"actor":"customs-KZ","declaration_id":"26KZ00000000000121","message":{"message_id":"m1","type":"start"},"purpose":"caravan-transit-message/1"}');
    expect(signingText('holder', undefined, { message_id: 'm1' })).toBe('{"actor":"holder","declaration_id":"","message":{"message_id":"m1"},"purpose":"caravan-transit-message/1"}');
  });
});

describe('key files and signatures', () => {
  it('reads one or several key files of caravan transit keygen', () => {
    const two = `${JSON.stringify(keyFile('holder'), null, 2)}\n${JSON.stringify(keyFile('customs-KZ'), null, 2)}`;
    expect(parseKeyFiles(two).map((a) => [a.id, a.role, a.country])).toEqual([['holder', 'holder', null], ['customs-KZ', 'customs', 'KZ']]);
    expect(parseKeyFiles(JSON.stringify([keyFile('customs-UZ')]))[0].secretKey).toBe(SEED + PUBLIC);
    expect(() => parseKeyFiles(JSON.stringify({ id: 'holder', role: 'holder', api_key: 'a'.repeat(48) }))).toThrow('key file 1: /secret_key is missing (paste the whole file caravan transit keygen wrote)');
    expect(() => parseKeyFiles(JSON.stringify(keyFile('holder', { public_key: 'ab'.repeat(32) })))).toThrow('key file 1: /public_key does not belong to /secret_key');
    expect(() => parseKeyFiles('holder 3f3f3f3f3f3f3f3f3f3f')).toThrow(/^not a key file: 'holder 3f3f/);
  });
  it('signs with WebCrypto Ed25519 what the public key verifies (RFC 8032 test key)', async () => {
    const key = await importSigningKey(SEED + PUBLIC);
    const message = { message_id: 'm1', type: 'start', office: 'KZALMATY' };
    const sent = await signMessage(key, 'customs-KZ', '26KZ00000000000121', message);
    expect(sent).toEqual({ ...message, signature: expect.stringMatching(/^[0-9a-f]{128}$/) });
    const publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(PUBLIC, 'hex').toString('base64url') }, format: 'jwk' });
    const text = Buffer.from(signingText('customs-KZ', '26KZ00000000000121', message));
    expect(verify(null, text, publicKey, Buffer.from(sent.signature, 'hex'))).toBe(true);
    expect(verify(null, Buffer.from(signingText('customs-KZ', '26KZ00000000000999', message)), publicKey, Buffer.from(sent.signature, 'hex'))).toBe(false);
    // RFC 8032 §7.1 test 1: the empty message's signature, so the key is read as libsodium writes it.
    const empty = Buffer.from(await crypto.subtle.sign({ name: 'Ed25519' }, key, new Uint8Array())).toString('hex');
    expect(empty).toBe('e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b');
  });
  it('checks an audit entry\'s sender signature and a countersignature', async () => {
    const key = await importSigningKey(SEED + PUBLIC);
    const message = { message_id: 'm2', type: 'start', office: 'KZALMATY' };
    const { signature } = await signMessage(key, 'customs-KZ', '26KZ00000000000121', message);
    const body = { actor: 'customs-KZ', declaration_id: '26KZ00000000000121', message, public_key: PUBLIC, signature, type: 'start' };
    expect(await senderSignatureOk(body)).toBe(true);
    expect(await senderSignatureOk({ ...body, message: { ...message, office: 'KZNURZHO' } })).toBe(false);
    expect(await senderSignatureOk({ ...body, declaration_id: '26KZ00000000000999' })).toBe(false);
    expect(await senderSignatureOk({ ...body, public_key: 'ab'.repeat(32) })).toBe(false);
    const hash = 'c0'.repeat(32);
    const countersignature = Buffer.from(await crypto.subtle.sign({ name: 'Ed25519' }, key, new TextEncoder().encode(hash))).toString('hex');
    expect(await verifyHex(PUBLIC, new TextEncoder().encode(hash), countersignature)).toBe(true);
    expect(await verifyHex(PUBLIC, new TextEncoder().encode('c1'.repeat(32)), countersignature)).toBe(false);
    expect(await verifyHex(PUBLIC, new Uint8Array(), 'zz')).toBe(false);
  });
  it('checks the server-signed head of a chain (docs/transit.md "Signed head")', async () => {
    const key = await importSigningKey(SEED + PUBLIC);
    const head = { declaration_id: '26KZ00000000000121', hash: 'c0'.repeat(32), sequence: 3 };
    expect(headSigningText(head)).toBe(`{"declaration_id":"26KZ00000000000121","hash":"${'c0'.repeat(32)}","purpose":"caravan-transit-head/1","sequence":3}`);
    const signature = Buffer.from(await crypto.subtle.sign({ name: 'Ed25519' }, key, new TextEncoder().encode(headSigningText(head)))).toString('hex');
    expect(await headSignatureOk(PUBLIC, { ...head, signature })).toBe(true);
    expect(await headSignatureOk(PUBLIC, { ...head, sequence: 2, signature })).toBe(false);
    expect(await headSignatureOk(PUBLIC, { ...head, hash: 'c1'.repeat(32), signature })).toBe(false);
    expect(await headSignatureOk('ab'.repeat(32), { ...head, signature })).toBe(false);
    expect(await headSignatureOk(PUBLIC, { ...head, sequence: '3', signature })).toBe(false);
  });
});
