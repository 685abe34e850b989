//! Friends: a module cannot befriend itself, and friends live at the same address.

use lumio_move_binary_format::file_format::CompiledModule;
use lumio_move_core_types::StatusCode;

use crate::{
    access,
    error::{PartialVMError, PartialVMResult},
};

/// Verifies the friend declarations.
pub(crate) fn verify(m: &CompiledModule) -> PartialVMResult<()> {
    let (self_addr, self_name) = access::module_name(m, access::self_handle_idx(m))?;
    for (i, f) in m.friend_decls.iter().enumerate() {
        let addr = *access::address(m, f.address)?;
        let name = access::identifier(m, f.name)?;
        if addr == self_addr && name == self_name {
            return Err(
                PartialVMError::new(StatusCode::INVALID_FRIEND_DECL_WITH_SELF)
                    .with_message(format!("friend #{i}")),
            );
        }
        if addr != self_addr {
            return Err(PartialVMError::new(
                StatusCode::INVALID_FRIEND_DECL_WITH_MODULES_OUTSIDE_ACCOUNT_ADDRESS,
            )
            .with_message(format!("friend #{i}")));
        }
    }
    Ok(())
}
