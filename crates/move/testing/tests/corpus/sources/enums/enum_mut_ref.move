module corpus::enum_mut_ref {
    enum Slot has drop { Empty, Full { count: u64, label: vector<u8> } }

    fun add(s: &mut Slot, n: u64) {
        match (s) {
            Slot::Full { count, label: _ } => *count = *count + n,
            Slot::Empty => *s = Slot::Full { count: n, label: b"new" },
        }
    }

    fun count(s: &Slot): u64 {
        match (s) { Slot::Full { count, .. } => *count, Slot::Empty => 0 }
    }

    #[test]
    fun in_place_updates() {
        let s = Slot::Empty;
        assert!(count(&s) == 0, 1);
        add(&mut s, 4);
        add(&mut s, 6);
        assert!(count(&s) == 10, 2);
        let label = match (&s) { Slot::Full { label, .. } => *label, Slot::Empty => b"" };
        assert!(label == b"new", 3);
        let v = vector[Slot::Empty, Slot::Empty];
        add(&mut v[1], 2);
        assert!(count(&v[0]) == 0 && count(&v[1]) == 2, 4);
    }
}
