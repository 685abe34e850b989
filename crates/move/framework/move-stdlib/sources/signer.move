/// The `signer` type: proof, given by the VM, that a transaction was authorised by an account.
/// A `signer` cannot be created or copied by Move code; this module only reads its address.
module std::signer {
    /// A reference to the address inside the signer.
    native public fun borrow_address(s: &signer): &address;

    /// The address of the account that `s` stands for.
    public fun address_of(s: &signer): address {
        let addr = borrow_address(s);
        *addr
    }
}
