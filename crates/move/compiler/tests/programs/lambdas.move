module 0x42::lambdas {
    inline fun apply(x: u64, f: |u64| u64): u64 { f(x) }
    fun bad_return(): u64 { apply(1, |x| { return x }) }
    fun not_a_param(): u64 { let f = |x: u64| x; 0 }
    fun wrong_arity(): u64 { apply(1, |x, y| x + y) }
    fun ok(): u64 { let k = 3; apply(1, |x| x + k) }
}
