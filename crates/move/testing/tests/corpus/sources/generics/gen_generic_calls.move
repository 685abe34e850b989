module corpus::gen_generic_calls {
    struct Stack<T> has drop { items: vector<T> }

    fun new<T>(): Stack<T> { Stack { items: vector[] } }
    fun push<T>(s: &mut Stack<T>, x: T) { s.items.push_back(x) }
    fun pop<T>(s: &mut Stack<T>): T { s.items.pop_back() }
    fun size<T>(s: &Stack<T>): u64 { s.items.length() }

    fun transfer_all<T>(from: &mut Stack<T>, to: &mut Stack<T>) {
        while (size(from) > 0) push(to, pop(from));
    }

    #[test]
    fun stack_of_u64() {
        let s = new<u64>();
        push(&mut s, 1);
        push(&mut s, 2);
        push(&mut s, 3);
        let t = new();
        transfer_all(&mut s, &mut t);
        assert!(size(&s) == 0 && size(&t) == 3, 1);
        assert!(pop(&mut t) == 1, 2);
    }

    #[test]
    fun stack_of_stacks() {
        let outer = new<Stack<u8>>();
        let inner = new<u8>();
        push(&mut inner, 9);
        push(&mut outer, inner);
        let got = pop(&mut outer);
        assert!(pop(&mut got) == 9, 1);
    }
}
