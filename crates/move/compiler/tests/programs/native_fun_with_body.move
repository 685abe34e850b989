module 0x42::native_fun_with_body {
    native fun f(): u64 { 1 }
}
