module 0x42::abilities {
    struct NoDrop { v: u64 }
    struct NoCopy has drop { v: u64 }
    fun discard() { NoDrop { v: 1 }; }
    fun dup(x: &NoCopy): NoCopy { *x }
    fun wildcard() { let _ = NoDrop { v: 2 }; }
    fun generic<T: copy>(x: T): T { x }
    fun call_generic(n: NoCopy): NoCopy { generic(n) }
}
