/// Canonical abort codes.
///
/// A canonical code packs two numbers into one `u64`: a category in bits 16..24 that says what
/// kind of failure happened (bad argument, missing resource, ...) and a reason in the low 16
/// bits that the aborting module defines for itself. Tools and clients can read the category
/// without knowing the module. The category numbers follow the usual RPC status list.
module std::error {
    /// The caller passed an argument the function does not accept.
    const INVALID_ARGUMENT: u64 = 0x1;
    /// An index or amount lies outside the allowed range.
    const OUT_OF_RANGE: u64 = 0x2;
    /// The state of the system does not allow this operation now.
    const INVALID_STATE: u64 = 0x3;
    /// The request lacks valid authentication (for example a wrong signer).
    const UNAUTHENTICATED: u64 = 0x4;
    /// The caller is known but not allowed to do this.
    const PERMISSION_DENIED: u64 = 0x5;
    /// Something the operation needs does not exist.
    const NOT_FOUND: u64 = 0x6;
    /// The operation gave up because of a conflict.
    const ABORTED: u64 = 0x7;
    /// The thing the operation would create is already there.
    const ALREADY_EXISTS: u64 = 0x8;
    /// A quota or limit has been used up.
    const RESOURCE_EXHAUSTED: u64 = 0x9;
    /// The request was cancelled by its sender.
    const CANCELLED: u64 = 0xA;
    /// An invariant of the system itself does not hold.
    const INTERNAL: u64 = 0xB;
    /// The feature is not there (yet).
    const NOT_IMPLEMENTED: u64 = 0xC;
    /// The service cannot be reached right now.
    const UNAVAILABLE: u64 = 0xD;

    /// Packs `category` and `reason` into one code: `category * 2^16 + reason`.
    public fun canonical(category: u64, reason: u64): u64 {
        (category << 16) + reason
    }

    /// `INVALID_ARGUMENT` with reason `r`.
    public fun invalid_argument(r: u64): u64 { canonical(INVALID_ARGUMENT, r) }

    /// `OUT_OF_RANGE` with reason `r`.
    public fun out_of_range(r: u64): u64 { canonical(OUT_OF_RANGE, r) }

    /// `INVALID_STATE` with reason `r`.
    public fun invalid_state(r: u64): u64 { canonical(INVALID_STATE, r) }

    /// `UNAUTHENTICATED` with reason `r`.
    public fun unauthenticated(r: u64): u64 { canonical(UNAUTHENTICATED, r) }

    /// `PERMISSION_DENIED` with reason `r`.
    public fun permission_denied(r: u64): u64 { canonical(PERMISSION_DENIED, r) }

    /// `NOT_FOUND` with reason `r`.
    public fun not_found(r: u64): u64 { canonical(NOT_FOUND, r) }

    /// `ABORTED` with reason `r`.
    public fun aborted(r: u64): u64 { canonical(ABORTED, r) }

    /// `ALREADY_EXISTS` with reason `r`.
    public fun already_exists(r: u64): u64 { canonical(ALREADY_EXISTS, r) }

    /// `RESOURCE_EXHAUSTED` with reason `r`.
    public fun resource_exhausted(r: u64): u64 { canonical(RESOURCE_EXHAUSTED, r) }

    /// `INTERNAL` with reason `r`.
    public fun internal(r: u64): u64 { canonical(INTERNAL, r) }

    /// `NOT_IMPLEMENTED` with reason `r`.
    public fun not_implemented(r: u64): u64 { canonical(NOT_IMPLEMENTED, r) }

    /// `UNAVAILABLE` with reason `r`.
    public fun unavailable(r: u64): u64 { canonical(UNAVAILABLE, r) }
}
