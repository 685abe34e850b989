module 0x42::unused_resource_branch {
    struct Coin { v: u64 }
    fun burn(c: Coin) { let Coin { v: _ } = c; }
    fun f(c: Coin, b: bool) { if (b) burn(c); }
}
