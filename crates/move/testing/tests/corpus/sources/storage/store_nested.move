module corpus::store_nested {
    use std::signer;

    struct Item has store, drop, copy { id: u64, qty: u64 }
    struct Inventory has key { items: vector<Item> }

    fun add(s: &signer, id: u64, qty: u64) acquires Inventory {
        let a = signer::address_of(s);
        if (!exists<Inventory>(a)) move_to(s, Inventory { items: vector[] });
        let inv = &mut Inventory[a];
        let i = 0;
        let n = inv.items.length();
        while (i < n) {
            let it = &mut inv.items[i];
            if (it.id == id) { it.qty = it.qty + qty; return };
            i = i + 1;
        };
        inv.items.push_back(Item { id, qty });
    }

    fun qty(a: address, id: u64): u64 acquires Inventory {
        let total = 0;
        Inventory[a].items.for_each_ref(|it| if (it.id == id) total = total + it.qty);
        total
    }

    #[test(s = @0x7)]
    fun inventory(s: &signer) acquires Inventory {
        add(s, 1, 5);
        add(s, 2, 1);
        add(s, 1, 3);
        assert!(qty(@0x7, 1) == 8 && qty(@0x7, 2) == 1 && qty(@0x7, 3) == 0, 1);
        assert!(borrow_global<Inventory>(@0x7).items.length() == 2, 2);
    }
}
