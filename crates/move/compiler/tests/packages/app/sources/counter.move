module app::counter {
    use base::math;

    struct Counter has key {
        value: u64,
    }

    public entry fun publish(account: &signer) {
        move_to(account, Counter { value: 1 });
    }

    public entry fun double(addr: address) acquires Counter {
        let c = borrow_global_mut<Counter>(addr);
        c.value = math::double(c.value);
    }

    #[view]
    public fun value(addr: address): u64 acquires Counter {
        borrow_global<Counter>(addr).value
    }
}
