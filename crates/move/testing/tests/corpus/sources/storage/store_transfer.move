module corpus::store_transfer {
    use std::signer;

    const EINSUFFICIENT: u64 = 1;
    const ENO_ACCOUNT: u64 = 2;

    struct Coins has key { amount: u64 }

    fun open(s: &signer, amount: u64) { move_to(s, Coins { amount }) }

    fun transfer(from: &signer, to: address, amount: u64) acquires Coins {
        let src = signer::address_of(from);
        assert!(exists<Coins>(to), ENO_ACCOUNT);
        let c = borrow_global_mut<Coins>(src);
        assert!(c.amount >= amount, EINSUFFICIENT);
        c.amount = c.amount - amount;
        let d = borrow_global_mut<Coins>(to);
        d.amount = d.amount + amount;
    }

    fun amount(a: address): u64 acquires Coins { Coins[a].amount }

    #[test(alice = @0xa11ce, bob = @0xb0b)]
    fun moves_value(alice: &signer, bob: &signer) acquires Coins {
        open(alice, 100);
        open(bob, 5);
        transfer(alice, @0xb0b, 30);
        transfer(bob, @0xa11ce, 35);
        assert!(amount(@0xa11ce) == 105, 1);
        assert!(amount(@0xb0b) == 0, 2);
    }

    #[test(alice = @0xa11ce, bob = @0xb0b)]
    #[expected_failure(abort_code = EINSUFFICIENT, location = Self)]
    fun overdraw(alice: &signer, bob: &signer) acquires Coins {
        open(alice, 1);
        open(bob, 0);
        transfer(alice, @0xb0b, 2);
    }

    #[test(alice = @0xa11ce)]
    #[expected_failure(abort_code = ENO_ACCOUNT, location = Self)]
    fun to_missing_account(alice: &signer) acquires Coins {
        open(alice, 1);
        transfer(alice, @0xdead, 1);
    }
}
