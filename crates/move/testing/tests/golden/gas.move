// Gas: the same work costs the same gas every time; a loop runs out of a small budget
// (OUT_OF_GAS, nothing written); the budget boundary: a budget of exactly the gas a call
// uses passes, one less fails.
//# publish
module 0x42::gas {
    struct Marker has key { n: u64 }

    public fun spin(n: u64): u64 {
        let (i, s) = (0, 0);
        while (i < n) { s = s + i; i = i + 1 };
        s
    }
    public fun forever() { loop {} }
    public entry fun mark_then_spin(s: &signer, n: u64) {
        move_to(s, Marker { n });
        spin(n);
    }
    #[view]
    public fun marked(a: address): bool { exists<Marker>(a) }
}

//# call 0x42::gas::spin --args 10

//# call 0x42::gas::spin --args 10

//# call 0x42::gas::spin --args 100

//# call 0x42::gas::spin --args 10 --gas-budget 349600

//# call 0x42::gas::spin --args 10 --gas-budget 349599

//# call 0x42::gas::spin --args 100 --gas-budget 10000

//# call 0x42::gas::forever --gas-budget 1000000

//# run 0x42::gas::mark_then_spin --signers 0xa --args 1000 --gas-budget 100000

//# view 0x42::gas::marked --args @0xa

//# run 0x42::gas::mark_then_spin --signers 0xa --args 10
