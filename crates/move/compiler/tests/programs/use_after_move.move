module 0x42::use_after_move {
    fun f(): vector<u64> {
        let v = vector[1];
        let w = move v;
        v.push_back(2);
        w
    }
}
