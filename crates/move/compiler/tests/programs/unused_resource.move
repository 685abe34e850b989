module 0x42::unused_resource {
    struct Coin { v: u64 }
    fun mint(): Coin { Coin { v: 1 } }
    fun f() { mint(); }
}
