module 0x42::visibility_package_other_package {
    use std::vector;
    fun f(): u64 {
        let v = vector[1, 2];
        let w = vector[];
        vector::move_range(&mut v, 0, 1, &mut w, 0);
        w[0]
    }
}
