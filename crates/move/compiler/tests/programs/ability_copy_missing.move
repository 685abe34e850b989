module 0x42::ability_copy_missing {
    struct R has drop { v: u64 }
    fun f(r: R): (R, R) { (copy r, r) }
}
