'use strict';
// Merkle-Patricia-trie proof verification for eth_getProof (EIP-1186), using only ethers'
// keccak256 and RLP. Walks the proof from the trusted root along keccak256(key), checking the hash
// of every node, and returns the RLP value at the key, or null for a valid exclusion proof.
const { keccak256, decodeRlp, encodeRlp, getBytes, hexlify, toBeHex, zeroPadValue, toBigInt } = require('ethers');

function toNibbles(bytes) {
  const out = [];
  for (const b of getBytes(bytes)) out.push(b >> 4, b & 0x0f);
  return out;
}

/** Hex-prefix (compact) decoding of a leaf/extension path. */
function decodeHexPrefix(encoded) {
  const nib = toNibbles(encoded);
  if (nib.length === 0) throw new Error('empty hex-prefix path');
  const flag = nib[0];
  if (flag > 3) throw new Error(`bad hex-prefix flag ${flag}`);
  const isLeaf = (flag & 2) !== 0;
  const odd = (flag & 1) !== 0;
  if (!odd && nib[1] !== 0) throw new Error('bad hex-prefix padding');
  return { isLeaf, path: nib.slice(odd ? 1 : 2) };
}

function startsWith(a, prefix) {
  if (prefix.length > a.length) return false;
  for (let i = 0; i < prefix.length; i++) if (a[i] !== prefix[i]) return false;
  return true;
}

/**
 * @param {string} rootHash 0x-32-byte root
 * @param {string} key      raw key bytes (address or 32-byte slot); the trie path is keccak256(key)
 * @param {string[]} proof  RLP-encoded nodes, root first
 * @returns {string|null}   the value (hex) stored at the key, or null if provably absent
 */
function verifyProof(rootHash, key, proof) {
  const path = toNibbles(keccak256(key));
  let pos = 0;
  let expectHash = rootHash.toLowerCase();
  let inline = null; // an embedded node (< 32 bytes) to process next, not taken from `proof`
  let idx = 0;
  const EMPTY_ROOT = keccak256(encodeRlp('0x'));

  if (proof.length === 0) {
    if (expectHash === EMPTY_ROOT) return null;
    throw new Error('empty proof for a non-empty trie');
  }

  for (let guard = 0; guard < 200; guard++) {
    let node;
    if (inline !== null) {
      node = inline;
      inline = null;
    } else {
      if (idx >= proof.length) throw new Error(`proof ended early at node ${idx}`);
      const raw = proof[idx++];
      const h = keccak256(raw);
      if (h !== expectHash) throw new Error(`node ${idx - 1}: hash ${h} != expected ${expectHash}`);
      node = decodeRlp(raw);
    }
    if (!Array.isArray(node)) throw new Error('trie node is not a list');

    const done = (value) => {
      if (idx !== proof.length) throw new Error(`${proof.length - idx} unused proof nodes`);
      return value;
    };
    const follow = (ref) => {
      if (Array.isArray(ref)) { inline = ref; return 'inline'; }
      const b = getBytes(ref);
      if (b.length === 0) return 'empty';
      if (b.length !== 32) throw new Error(`bad child reference of ${b.length} bytes`);
      expectHash = hexlify(b);
      return 'hash';
    };

    if (node.length === 17) {
      if (pos === path.length) {
        const v = node[16];
        return done(getBytes(v).length ? v : null);
      }
      const r = follow(node[path[pos]]);
      pos += 1;
      if (r === 'empty') return done(null);
      continue;
    }
    if (node.length === 2) {
      const { isLeaf, path: seg } = decodeHexPrefix(node[0]);
      const rest = path.slice(pos);
      if (isLeaf) {
        if (seg.length === rest.length && startsWith(rest, seg)) return done(node[1]);
        return done(null); // diverging leaf: key absent
      }
      if (!startsWith(rest, seg)) return done(null); // diverging extension: key absent
      pos += seg.length;
      const r = follow(node[1]);
      if (r === 'empty') throw new Error('extension with empty child');
      continue;
    }
    throw new Error(`trie node with ${node.length} items`);
  }
  throw new Error('proof too deep');
}

const q = (x) => (x === '0x' ? 0n : toBigInt(x));

/** Verifies an eth_getProof result against `stateRoot`; returns the decoded account (or null). */
function verifyAccountProof(stateRoot, address, res) {
  const value = verifyProof(stateRoot, address, res.accountProof);
  if (value === null) return null;
  const [nonce, balance, storageRoot, codeHash] = decodeRlp(value);
  return { nonce: q(nonce), balance: q(balance), storageHash: storageRoot, codeHash };
}

/** Verifies one storage proof entry against `storageHash`; returns the slot value as bigint. */
function verifyStorageProof(storageHash, entry) {
  const key = zeroPadValue(toBeHex(BigInt(entry.key)), 32);
  const value = verifyProof(storageHash, key, entry.proof);
  if (value === null) return 0n;
  return q(decodeRlp(value));
}

module.exports = { verifyProof, verifyAccountProof, verifyStorageProof, decodeHexPrefix };

// ---------- building a trie root (for transactionsRoot / receiptsRoot) ----------

function hexPrefix(nibbles, isLeaf) {
  const odd = nibbles.length % 2 === 1;
  const flag = (isLeaf ? 2 : 0) + (odd ? 1 : 0);
  const all = odd ? [flag, ...nibbles] : [flag, 0, ...nibbles];
  const out = new Uint8Array(all.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = (all[2 * i] << 4) | all[2 * i + 1];
  return hexlify(out);
}

function nodeRef(node) {
  const enc = encodeRlp(node);
  return getBytes(enc).length < 32 ? node : keccak256(enc);
}

function buildNode(items, depth) {
  if (items.length === 1) return [hexPrefix(items[0].nib.slice(depth), true), items[0].value];
  // common prefix below depth
  let common = 0;
  for (;;) {
    const d = depth + common;
    if (items.some((it) => it.nib.length <= d)) break;
    const x = items[0].nib[d];
    if (items.some((it) => it.nib[d] !== x)) break;
    common++;
  }
  if (common > 0) return [hexPrefix(items[0].nib.slice(depth, depth + common), false), nodeRef(buildNode(items, depth + common))];
  const branch = new Array(17).fill('0x');
  for (let n = 0; n < 16; n++) {
    const group = items.filter((it) => it.nib.length > depth && it.nib[depth] === n);
    if (group.length) branch[n] = nodeRef(buildNode(group, depth + 1));
  }
  const here = items.find((it) => it.nib.length === depth);
  if (here) branch[16] = here.value;
  return branch;
}

/** Root of a trie with raw (unhashed) keys, e.g. the ordered tx/receipt tries keyed by rlp(index). */
function trieRoot(entries) {
  if (entries.length === 0) return keccak256(encodeRlp('0x'));
  const items = entries.map(([k, v]) => ({ nib: toNibbles(k), value: v }));
  return keccak256(encodeRlp(buildNode(items, 0)));
}

/** transactionsRoot / receiptsRoot: trie of index -> encoding, keyed by rlp(index). */
function orderedTrieRoot(values) {
  return trieRoot(values.map((v, i) => [encodeRlp(i === 0 ? '0x' : toBeHex(i)), v]));
}

module.exports.trieRoot = trieRoot;
module.exports.orderedTrieRoot = orderedTrieRoot;
