module corpus::vec_wide_types {
    #[test]
    fun u256_vectors() {
        let v = vector[1u256 << 200, 1u256 << 100, 1];
        let s = v.fold(0u256, |a, x| a + x);
        assert!(s == (1u256 << 200) + (1u256 << 100) + 1, 1);
        v.reverse();
        assert!(v[0] == 1 && v[2] == 1u256 << 200, 2);
    }

    #[test]
    fun address_vectors() {
        let v = vector[@0x3, @0x1, @0x2];
        assert!(v.contains(&@0x1) && !v.contains(&@0x4), 1);
        let (ok, i) = v.index_of(&@0x2);
        assert!(ok && i == 2, 2);
        v.remove(0);
        assert!(v == vector[@0x1, @0x2], 3);
    }

    #[test]
    fun u128_and_u16_vectors() {
        let a = vector[340282366920938463463374607431768211455u128, 0];
        a.swap(0, 1);
        assert!(a[1] == 340282366920938463463374607431768211455, 1);
        let b = vector<u16>[];
        for (i in 0..5) b.push_back((i as u16) * 1000);
        assert!(b == vector[0, 1000, 2000, 3000, 4000], 2);
    }
}
