module corpus::abort_in_loops {
    const EFOUND_NEGATIVE_MARKER: u64 = 13;

    fun sum_until_marker(v: &vector<u64>, marker: u64): u64 {
        let s = 0;
        let i = 0;
        while (i < v.length()) {
            if (v[i] == marker) abort EFOUND_NEGATIVE_MARKER;
            s = s + v[i];
            i = i + 1;
        };
        s
    }

    #[test]
    fun no_marker() { assert!(sum_until_marker(&vector[1, 2, 3], 0) == 6, 1) }

    #[test]
    #[expected_failure(abort_code = EFOUND_NEGATIVE_MARKER, location = Self)]
    fun marker_aborts() { sum_until_marker(&vector[1, 0, 3], 0); }

    #[test]
    #[expected_failure(abort_code = 21, location = Self)]
    fun abort_from_nested_loop() {
        let i = 0;
        loop {
            let j = 0;
            while (j < 10) {
                if (i == 2 && j == 1) abort (i * 10 + j);
                j = j + 1;
            };
            i = i + 1;
        }
    }
}
