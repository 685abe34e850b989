'use strict';
const { HDNodeWallet, Mnemonic } = require('ethers');
const { MNEMONIC } = require('./node');

/** The 10 dev accounts derived from the dev mnemonic at m/44'/60'/0'/0/i. */
function devWallets(provider) {
  const m = Mnemonic.fromPhrase(MNEMONIC);
  const out = [];
  for (let i = 0; i < 10; i++) {
    const w = HDNodeWallet.fromMnemonic(m, `m/44'/60'/0'/0/${i}`);
    out.push(provider ? w.connect(provider) : w);
  }
  return out;
}

module.exports = { devWallets };
