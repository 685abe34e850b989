//! Move core types shared by every Move crate: [`AccountAddress`], [`Identifier`], [`ModuleId`],
//! [`StructTag`], [`TypeTag`], [`StatusCode`], abilities, 256-bit integers and [`MoveValue`]
//! with BCS encoding driven by a [`MoveTypeLayout`].
//!
//! Everything here mirrors the Aptos `move-core-types` crate in names, numeric values and
//! encodings (BCS variant order, status-code numbers, address display rules), because bytes and
//! numbers produced here must match what Aptos tools and SDKs produce.
//!
//! Not here: the binary format of compiled code (`lumio-move-binary-format`), the VM's runtime
//! values (`lumio-move-vm`).

pub mod ability;
pub mod account_address;
pub mod identifier;
pub mod int256;
pub mod language_storage;
pub mod parser;
pub mod value;
pub mod vm_status;

pub use ability::{Ability, AbilitySet};
pub use account_address::{AccountAddress, AccountAddressParseError};
pub use identifier::{IdentStr, Identifier, IdentifierError};
pub use int256::{I256, U256};
pub use language_storage::{
    FunctionParamOrReturnTag, FunctionTag, ModuleId, StructTag, TypeTag, TypeTagParseError,
};
pub use value::{MoveStruct, MoveStructLayout, MoveTypeLayout, MoveValue, ValueError};
pub use vm_status::{StatusCode, StatusType};
