module corpus::generic_inline_struct {
    struct Table<K: copy + drop, V: copy + drop> has copy, drop { keys: vector<K>, vals: vector<V> }

    fun new<K: copy + drop, V: copy + drop>(): Table<K, V> { Table { keys: vector[], vals: vector[] } }

    fun set<K: copy + drop, V: copy + drop>(t: &mut Table<K, V>, k: K, v: V) {
        let (found, i) = t.keys.index_of(&k);
        if (found) t.vals[i] = v else { t.keys.push_back(k); t.vals.push_back(v) }
    }

    inline fun get_or<K: copy + drop, V: copy + drop>(t: &Table<K, V>, k: K, default: || V): V {
        let (found, i) = t.keys.index_of(&k);
        if (found) t.vals[i] else default()
    }

    #[test]
    fun small_map() {
        let t = new<vector<u8>, u64>();
        set(&mut t, b"a", 1);
        set(&mut t, b"b", 2);
        set(&mut t, b"a", 10);
        assert!(get_or(&t, b"a", || 0) == 10, 1);
        assert!(get_or(&t, b"zz", || 42) == 42, 2);
        assert!(t.keys.length() == 2, 3);
    }
}
