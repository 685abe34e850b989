module corpus::receiver_generic {
    struct Wrap<T> has drop { items: vector<T> }

    fun size<T>(self: &Wrap<T>): u64 { self.items.length() }
    fun put<T>(self: &mut Wrap<T>, x: T) { self.items.push_back(x) }
    fun into_items<T>(self: Wrap<T>): vector<T> { let Wrap { items } = self; items }

    #[test]
    fun generic_receivers() {
        let w = Wrap<u8> { items: vector[] };
        w.put(1);
        w.put(2);
        assert!(w.size() == 2, 1);
        assert!(w.into_items() == vector[1, 2], 2);
        let b = Wrap { items: vector[true] };
        b.put(false);
        assert!(b.size() == 2, 3);
    }
}
