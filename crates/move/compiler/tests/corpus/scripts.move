#[test_only]
script {
    use std::signer;
    use 0x1::coin::{Self, transfer};

    const AMOUNT: u64 = 100;
    /// Documented constant.
    const LIMIT: u64 = 1_000;

    /// The script function.
    fun main(sender: &signer, to: address) {
        let _ = signer::address_of(sender);
        transfer(sender, to, AMOUNT);
        coin::register(sender);
    }

    spec main {
        pragma verify = false;
    }
}

script {
    entry fun transfer_twice<CoinType>(from: &signer, to: address, amount: u64) {
        let _ = from; let _ = to; let _ = amount;
    }
}
