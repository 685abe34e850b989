module 0x42::ok_coin {
    use std::signer;
    use std::vector;

    const E_INSUFFICIENT: u64 = 1;
    const E_NOT_PUBLISHED: u64 = 2;

    struct Coin has store { value: u64 }
    struct Balance has key { coin: Coin, history: vector<u64> }

    public fun mint(value: u64): Coin { Coin { value } }

    public fun value(c: &Coin): u64 { c.value }

    public fun merge(a: &mut Coin, b: Coin) {
        let Coin { value } = b;
        a.value = a.value + value;
    }

    public fun split(c: &mut Coin, amount: u64): Coin {
        assert!(c.value >= amount, E_INSUFFICIENT);
        c.value = c.value - amount;
        Coin { value: amount }
    }

    public entry fun publish(account: &signer, initial: u64) {
        move_to(account, Balance { coin: mint(initial), history: vector[] });
    }

    public fun balance(owner: address): u64 acquires Balance {
        assert!(exists<Balance>(owner), E_NOT_PUBLISHED);
        borrow_global<Balance>(owner).coin.value
    }

    public entry fun transfer(from: &signer, to: address, amount: u64) acquires Balance {
        let from_addr = signer::address_of(from);
        let taken = split(&mut borrow_global_mut<Balance>(from_addr).coin, amount);
        let dest = borrow_global_mut<Balance>(to);
        merge(&mut dest.coin, taken);
        vector::push_back(&mut dest.history, amount);
    }

    public fun total(values: &vector<u64>): u64 {
        let sum = 0;
        let i = 0;
        while (i < vector::length(values)) {
            sum = sum + *vector::borrow(values, i);
            i = i + 1;
        };
        sum
    }

    public fun burn(c: Coin): u64 {
        let Coin { value } = c;
        value
    }
}
