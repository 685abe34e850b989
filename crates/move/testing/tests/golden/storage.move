// Global storage across commands: move_to / exists / borrow_global(_mut) / move_from,
// persistence between transactions, deletion, MISSING_DATA and RESOURCE_ALREADY_EXISTS, a
// failed transaction that wrote first and then aborted (nothing of it stays), a resource
// modified back to its old bytes (no write), resources at several addresses in one session.
//# publish
module 0x42::bank {
    use std::signer;

    struct Account has key { balance: u64, history: vector<u64> }
    struct Config has key, drop { fee: u64, admin: address }

    public entry fun open(s: &signer, initial: u64) {
        move_to(s, Account { balance: initial, history: vector[initial] })
    }
    public entry fun deposit(s: &signer, amount: u64) acquires Account {
        let a = borrow_global_mut<Account>(signer::address_of(s));
        a.balance = a.balance + amount;
        a.history.push_back(amount);
    }
    // Writes, then aborts when `fail` is set: the write must not survive.
    public entry fun deposit_then_fail(s: &signer, amount: u64, fail: bool) acquires Account {
        deposit(s, amount);
        assert!(!fail, 99);
    }
    public entry fun transfer(from: &signer, to: address, amount: u64) acquires Account {
        let a = borrow_global_mut<Account>(signer::address_of(from));
        assert!(a.balance >= amount, 1);
        a.balance = a.balance - amount;
        borrow_global_mut<Account>(to).balance = borrow_global<Account>(to).balance + amount;
    }
    // Borrows mutably and puts the same value back: no write.
    public entry fun touch(s: &signer) acquires Account {
        let a = borrow_global_mut<Account>(signer::address_of(s));
        a.balance = a.balance + 1;
        a.balance = a.balance - 1;
    }
    public entry fun close(s: &signer) acquires Account {
        let Account { balance: _, history: _ } = move_from<Account>(signer::address_of(s));
    }
    public entry fun two_signers(a: &signer, b: signer) {
        move_to(a, Config { fee: 1, admin: signer::address_of(&b) });
        move_to(&b, Config { fee: 2, admin: signer::address_of(a) });
    }
    public entry fun drop_config(s: &signer) acquires Config {
        move_from<Config>(signer::address_of(s));
    }
    #[view]
    public fun balance(a: address): u64 acquires Account { borrow_global<Account>(a).balance }
    #[view]
    public fun has_account(a: address): bool { exists<Account>(a) }
}

//# view 0x42::bank::has_account --args @0xa

//# run 0x42::bank::open --signers 0xa --args 100

//# run 0x42::bank::open --signers 0xa --args 5

//# view 0x42::bank::has_account --args @0xa

//# run 0x42::bank::deposit --signers 0xa --args 20

//# view 0x42::bank::balance --args @0xa

//# run 0x42::bank::deposit --signers 0xb --args 20

//# run 0x42::bank::deposit_then_fail --signers 0xa --args 1000 true

//# view 0x42::bank::balance --args @0xa

//# run 0x42::bank::deposit_then_fail --signers 0xa --args 1 false

//# run 0x42::bank::open --signers 0xb --args 0

//# run 0x42::bank::transfer --signers 0xa --args @0xb 21

//# run 0x42::bank::transfer --signers 0xa --args @0xb 1000

//# run 0x42::bank::transfer --signers 0xa --args @0xc 1

//# run 0x42::bank::touch --signers 0xa

//# run 0x42::bank::close --signers 0xb

//# view 0x42::bank::has_account --args @0xb

//# run 0x42::bank::close --signers 0xb

//# view 0x42::bank::balance --args @0xb

//# run 0x42::bank::two_signers --signers 0xa 0xb

//# run 0x42::bank::drop_config --signers 0xa

// The budget covers execution and IO but not the storage fee of the new slot: the transaction
// fails when it finishes, and nothing of it is written.
//# run 0x42::bank::open --signers 0xc --args 1 --gas-budget 1000000

//# view 0x42::bank::has_account --args @0xc
