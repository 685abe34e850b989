module corpus::vec_large {
    #[test]
    fun ten_thousand_elements() {
        let v = vector[];
        let i = 0;
        while (i < 10000) { v.push_back(i); i = i + 1; };
        assert!(v.length() == 10000, 1);
        let s = v.fold(0, |a, x| a + x);
        assert!(s == 49995000, 2);
        v.reverse();
        assert!(v[0] == 9999 && v[9999] == 0, 3);
        let evens = v.filter(|x| *x % 2 == 0);
        assert!(evens.length() == 5000, 4);
    }

    #[test]
    fun big_byte_vector() {
        let b = vector[];
        for (i in 0..4096) b.push_back(((i % 256) as u8));
        assert!(b[255] == 255 && b[256] == 0 && b[4095] == 255, 1);
        let h = std::hash::sha2_256(b);
        assert!(h.length() == 32, 2);
    }
}
