'use strict';
// Compiles contracts/*.sol at test time with solcjs (pinned in package.json), standard JSON.
const fs = require('node:fs');
const path = require('node:path');
const solc = require('solc');

const CONTRACTS_DIR = path.join(__dirname, '..', 'contracts');
// Cancun is understood by every EVM from Cancun on (Prague / OP Isthmus included).
const EVM_VERSION = process.env.E2E_EVM_VERSION || 'cancun';

const cache = new Map();

/** Compiles `file` (in contracts/) and returns { abi, bytecode, deployedBytecode, storageLayout }. */
function compile(file, contractName) {
  const key = `${file}:${contractName}`;
  if (cache.has(key)) return cache.get(key);
  const source = fs.readFileSync(path.join(CONTRACTS_DIR, file), 'utf8');
  const input = {
    language: 'Solidity',
    sources: { [file]: { content: source } },
    settings: {
      evmVersion: EVM_VERSION,
      optimizer: { enabled: true, runs: 200 },
      outputSelection: {
        '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object', 'storageLayout'] },
      },
    },
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input)));
  const errors = (output.errors || []).filter((e) => e.severity === 'error');
  if (errors.length) {
    throw new Error(`solc ${solc.version()} failed:\n${errors.map((e) => e.formattedMessage).join('\n')}`);
  }
  const c = output.contracts[file][contractName];
  if (!c) throw new Error(`contract ${contractName} not found in ${file}`);
  const result = {
    abi: c.abi,
    bytecode: '0x' + c.evm.bytecode.object,
    deployedBytecode: '0x' + c.evm.deployedBytecode.object,
    storageLayout: c.storageLayout,
    solcVersion: solc.version(),
  };
  cache.set(key, result);
  return result;
}

/** Storage slot index of a top-level state variable, from solc's storage layout. */
function slotOf(compiled, label) {
  const s = compiled.storageLayout.storage.find((x) => x.label === label);
  if (!s) throw new Error(`no storage variable ${label}`);
  return BigInt(s.slot);
}

module.exports = { compile, slotOf, EVM_VERSION };
