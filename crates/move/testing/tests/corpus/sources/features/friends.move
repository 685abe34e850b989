module corpus::friend_bank {
    friend corpus::friends;

    struct Ledger has drop { total: u64 }

    public(friend) fun new_ledger(): Ledger { Ledger { total: 0 } }
    public(friend) fun credit(l: &mut Ledger, x: u64) { l.total = l.total + x }
    public fun total(l: &Ledger): u64 { l.total }
}

module corpus::friends {
    use corpus::friend_bank;

    #[test]
    fun friend_functions_callable() {
        let l = friend_bank::new_ledger();
        friend_bank::credit(&mut l, 4);
        friend_bank::credit(&mut l, 6);
        assert!(friend_bank::total(&l) == 10, 1);
    }
}
