module corpus::gen_constraints {
    struct Droppable has copy, drop { v: u64 }
    struct Stored has store, drop { v: u64 }

    fun dup<T: copy>(x: &T): (T, T) { (*x, *x) }
    fun discard<T: drop>(_x: T) {}
    fun keep<T: store + drop>(x: T): vector<T> { vector[x] }

    #[test]
    fun constraints_are_satisfied() {
        let (a, b) = dup(&Droppable { v: 4 });
        assert!(a.v + b.v == 8, 1);
        discard(Droppable { v: 1 });
        discard(vector[1, 2, 3]);
        let k = keep(Stored { v: 6 });
        assert!(k[0].v == 6, 2);
        let (x, y) = dup(&vector[true]);
        assert!(x == y, 3);
    }
}
