module corpus::store_escrow {
    use std::signer;

    const ENOT_RECIPIENT: u64 = 1;

    struct Coin has store { value: u64 }
    struct Wallet has key { coins: vector<Coin> }
    struct Escrow has key { coin: Coin, recipient: address }

    fun total(a: address): u64 acquires Wallet {
        let s = 0;
        Wallet[a].coins.for_each_ref(|c| s = s + c.value);
        s
    }

    fun lock(from: &signer, value: u64, recipient: address) {
        move_to(from, Escrow { coin: Coin { value }, recipient });
    }

    fun claim(who: &signer, escrow_at: address) acquires Escrow, Wallet {
        let Escrow { coin, recipient } = move_from<Escrow>(escrow_at);
        assert!(recipient == signer::address_of(who), ENOT_RECIPIENT);
        let a = signer::address_of(who);
        if (!exists<Wallet>(a)) move_to(who, Wallet { coins: vector[] });
        Wallet[a].coins.push_back(coin);
    }

    #[test(alice = @0xa1, bob = @0xb2)]
    fun lock_and_claim(alice: &signer, bob: &signer) acquires Escrow, Wallet {
        lock(alice, 40, @0xb2);
        assert!(exists<Escrow>(@0xa1), 1);
        claim(bob, @0xa1);
        assert!(!exists<Escrow>(@0xa1) && total(@0xb2) == 40, 2);
    }

    #[test(alice = @0xa1, carol = @0xc3)]
    #[expected_failure(abort_code = ENOT_RECIPIENT, location = Self)]
    fun wrong_claimant(alice: &signer, carol: &signer) acquires Escrow, Wallet {
        lock(alice, 1, @0xb2);
        claim(carol, @0xa1);
    }
}
