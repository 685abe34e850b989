// Tables: a minimal `0x1::table` declared here over the natives the VM binds (handles,
// add / borrow / borrow_mut / contains / remove), entries persisting across transactions
// (read back from the store), the change set's table writes (create, modify, delete), the
// native aborts (0x6407 key already there, 0x6507 key missing), tables created in different
// transactions get different handles.
//# publish
module 0x1::table {
    struct Table<phantom K: copy + drop, phantom V> has store { handle: address }
    struct Box<V> has key, drop, store { val: V }

    public fun new<K: copy + drop, V: store>(): Table<K, V> { Table { handle: new_table_handle<K, V>() } }
    public fun add<K: copy + drop, V>(t: &mut Table<K, V>, key: K, val: V) { add_box<K, V, Box<V>>(t, key, Box { val }) }
    public fun borrow<K: copy + drop, V>(t: &Table<K, V>, key: K): &V { &borrow_box<K, V, Box<V>>(t, key).val }
    public fun borrow_mut<K: copy + drop, V>(t: &mut Table<K, V>, key: K): &mut V { &mut borrow_box_mut<K, V, Box<V>>(t, key).val }
    public fun contains<K: copy + drop, V>(t: &Table<K, V>, key: K): bool { contains_box<K, V, Box<V>>(t, key) }
    public fun remove<K: copy + drop, V>(t: &mut Table<K, V>, key: K): V {
        let Box { val } = remove_box<K, V, Box<V>>(t, key);
        val
    }
    native fun new_table_handle<K, V>(): address;
    native fun add_box<K: copy + drop, V, B>(t: &mut Table<K, V>, key: K, val: Box<V>);
    native fun borrow_box<K: copy + drop, V, B>(t: &Table<K, V>, key: K): &Box<V>;
    native fun borrow_box_mut<K: copy + drop, V, B>(t: &mut Table<K, V>, key: K): &mut Box<V>;
    native fun contains_box<K: copy + drop, V, B>(t: &Table<K, V>, key: K): bool;
    native fun remove_box<K: copy + drop, V, B>(t: &mut Table<K, V>, key: K): Box<V>;
}

//# publish
module 0x42::registry {
    use 0x1::table::{Self, Table};
    use std::string::String;

    struct Names has key { by_id: Table<u64, String>, owners: Table<address, vector<u64>> }

    public entry fun init(s: &signer) {
        move_to(s, Names { by_id: table::new(), owners: table::new() })
    }
    public entry fun register(s: &signer, id: u64, name: String) acquires Names {
        let n = borrow_global_mut<Names>(@0x42);
        table::add(&mut n.by_id, id, name);
        let who = std::signer::address_of(s);
        if (!table::contains(&n.owners, who)) table::add(&mut n.owners, who, vector[]);
        table::borrow_mut(&mut n.owners, who).push_back(id);
    }
    public entry fun rename(id: u64, name: String) acquires Names {
        *table::borrow_mut(&mut borrow_global_mut<Names>(@0x42).by_id, id) = name;
    }
    public entry fun unregister(id: u64) acquires Names {
        table::remove(&mut borrow_global_mut<Names>(@0x42).by_id, id);
    }
    #[view]
    public fun name_of(id: u64): String acquires Names { *table::borrow(&borrow_global<Names>(@0x42).by_id, id) }
    #[view]
    public fun ids_of(owner: address): vector<u64> acquires Names {
        let n = borrow_global<Names>(@0x42);
        if (table::contains(&n.owners, owner)) *table::borrow(&n.owners, owner) else vector[]
    }
}

//# run 0x42::registry::init --signers 0x42

//# run 0x42::registry::register --signers 0xa --args 1 b"alice"

//# run 0x42::registry::register --signers 0xa --args 2 b"alpha"

//# run 0x42::registry::register --signers 0xb --args 2 b"bob"

//# view 0x42::registry::name_of --args 2

//# view 0x42::registry::ids_of --args @0xa

//# run 0x42::registry::rename --args 1 b"alice2"

//# run 0x42::registry::rename --args 9 b"nobody"

//# run 0x42::registry::unregister --args 2

//# run 0x42::registry::unregister --args 2

//# view 0x42::registry::name_of --args 2

//# view 0x42::registry::name_of --args 1

//# run 0x42::registry::init --signers 0x43
