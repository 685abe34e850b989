// Expected: compiles (a 200-term sum is far below the parser's nesting limit of ~512).
// Actual: in a debug build on a 2 MB thread (the stack of a `cargo test` thread) the compiler
// overflows its stack and the whole process aborts ("fatal runtime error: stack overflow").
// Release builds are fine up to the nesting limit. Chains of `if .. else if`, nested blocks,
// nested `vector[..]` and `&&` chains of 200 overflow the same way (a 100-term sum does not).
module 0x42::deep_sum_stack_overflow {
    fun f(x: u64): u64 {
        x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x
    }
}
