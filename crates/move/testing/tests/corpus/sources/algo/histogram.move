module corpus::histogram {
    fun histogram(data: &vector<u8>, buckets: u64): vector<u64> {
        let h = vector[];
        let i = 0;
        while (i < buckets) { h.push_back(0); i = i + 1; };
        data.for_each_ref(|x| {
            let b = (*x as u64) * buckets / 256;
            h[b] += 1;
        });
        h
    }

    #[test]
    fun buckets() {
        let h = histogram(&vector[0, 10, 63, 64, 128, 200, 255, 255], 4);
        assert!(h == vector[3, 1, 1, 3], 1);
        let total = h.fold(0, |a, x| a + x);
        assert!(total == 8, 2);
    }
}
