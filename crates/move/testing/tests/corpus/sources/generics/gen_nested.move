module corpus::gen_nested {
    use std::option::{Self, Option};

    struct Node<T> has copy, drop { value: T, next: Option<vector<T>> }

    fun wrap<T: copy + drop>(x: T): Node<Node<T>> {
        let inner = Node { value: x, next: option::none() };
        Node { value: inner, next: option::some(vector[inner, inner]) }
    }

    fun count<T: copy + drop>(n: &Node<T>): u64 {
        if (n.next.is_some()) 1 + n.next.borrow().length() else 1
    }

    #[test]
    fun nested_instantiation() {
        let n = wrap(3u8);
        assert!(n.value.value == 3, 1);
        assert!(count(&n) == 3, 2);
        assert!(count(&n.value) == 1, 3);
        let nn = wrap(wrap(true));
        assert!(nn.value.value.value.value, 4);
        assert!(count(&nn) == 3, 5);
    }
}
