module corpus::vec_equality {
    struct P has copy, drop { a: u8, b: vector<u8> }

    #[test]
    fun structural_equality() {
        assert!(vector[P { a: 1, b: b"x" }] == vector[P { a: 1, b: b"x" }], 1);
        assert!(vector[P { a: 1, b: b"x" }] != vector[P { a: 1, b: b"y" }], 2);
        assert!(vector[vector[vector[1u8]]] == vector[vector[vector[1u8]]], 3);
        assert!(vector<vector<u8>>[] != vector[vector[]], 4);
        let v = vector[1, 2, 3];
        let w = v;
        w.push_back(4);
        assert!(v != w && v.length() == 3, 5);
    }
}
