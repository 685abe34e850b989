//! RPC errors with the codes and messages geth/reth give, so existing tools understand them.

use alloy_primitives::Bytes;
use jsonrpsee::types::{ErrorObject, ErrorObjectOwned};

/// geth's "server error" code, used for tx-pool rejections and most execution errors.
pub const SERVER_ERROR: i32 = -32000;
/// Invalid params.
pub const INVALID_PARAMS: i32 = -32602;
/// Internal error.
pub const INTERNAL_ERROR: i32 = -32603;
/// Execution reverted (geth: code 3, revert data in `data`).
pub const EXECUTION_REVERTED: i32 = 3;
/// A configured limit was exceeded (EIP-1474 "limit exceeded").
pub const LIMIT_EXCEEDED: i32 = -32005;
/// Resource not found (EIP-1474).
pub const RESOURCE_NOT_FOUND: i32 = -32001;

/// Errors returned by the Ethereum RPC handlers.
#[derive(Debug, thiserror::Error)]
pub enum RpcError {
    /// Bad parameters (wrong shape, unknown block, bad tag…).
    #[error("{0}")]
    InvalidParams(String),
    /// A transaction was rejected (pool or decoding); the message is geth's.
    #[error("{0}")]
    Rejected(String),
    /// The call/transaction reverted; carries the raw revert data.
    #[error("execution reverted{}", reason_suffix(.0))]
    Reverted(Bytes),
    /// Execution failed for a non-revert reason (out of gas, invalid opcode…).
    #[error("{0}")]
    ExecutionFailed(String),
    /// A configured limit was exceeded.
    #[error("{0}")]
    LimitExceeded(String),
    /// The requested thing does not exist.
    #[error("{0}")]
    NotFound(String),
    /// Something failed inside the node (storage…); the node keeps running.
    #[error("internal error: {0}")]
    Internal(String),
}

/// Result alias for RPC handlers.
pub type RpcResult<T> = Result<T, RpcError>;

fn reason_suffix(data: &Bytes) -> String {
    decode_revert_reason(data)
        .map(|r| format!(": {r}"))
        .unwrap_or_default()
}

/// Decodes `Error(string)` and `Panic(uint256)` revert payloads.
pub fn decode_revert_reason(data: &[u8]) -> Option<String> {
    use alloy_sol_types::{GenericContractError, SolInterface};
    match GenericContractError::abi_decode(data).ok()? {
        GenericContractError::Revert(r) => Some(r.reason),
        GenericContractError::Panic(p) => Some(p.to_string()),
    }
}

impl From<RpcError> for ErrorObjectOwned {
    fn from(err: RpcError) -> Self {
        let message = err.to_string();
        match err {
            RpcError::InvalidParams(_) => ErrorObject::owned(INVALID_PARAMS, message, None::<()>),
            RpcError::Rejected(_) | RpcError::ExecutionFailed(_) => {
                ErrorObject::owned(SERVER_ERROR, message, None::<()>)
            }
            RpcError::Reverted(data) => ErrorObject::owned(EXECUTION_REVERTED, message, Some(data)),
            RpcError::LimitExceeded(_) => ErrorObject::owned(LIMIT_EXCEEDED, message, None::<()>),
            RpcError::NotFound(_) => ErrorObject::owned(RESOURCE_NOT_FOUND, message, None::<()>),
            RpcError::Internal(_) => ErrorObject::owned(INTERNAL_ERROR, message, None::<()>),
        }
    }
}

impl From<lumio_storage::StorageError> for RpcError {
    fn from(err: lumio_storage::StorageError) -> Self {
        Self::Internal(err.to_string())
    }
}

impl From<lumio_primitives::StateError> for RpcError {
    fn from(err: lumio_primitives::StateError) -> Self {
        Self::Internal(err.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy_primitives::hex;

    #[test]
    fn revert_reason_is_decoded_into_the_message() {
        // Error("insufficient balance")
        let data = hex!(
            "08c379a00000000000000000000000000000000000000000000000000000000000000020"
            "0000000000000000000000000000000000000000000000000000000000000014"
            "696e73756666696369656e742062616c616e6365000000000000000000000000"
        );
        let err = RpcError::Reverted(Bytes::from(data.to_vec()));
        assert_eq!(err.to_string(), "execution reverted: insufficient balance");
        let obj: ErrorObjectOwned = err.into();
        assert_eq!(obj.code(), EXECUTION_REVERTED);
        assert!(obj.data().unwrap().get().contains("08c379a0"));
    }

    #[test]
    fn empty_revert_has_plain_message() {
        assert_eq!(
            RpcError::Reverted(Bytes::new()).to_string(),
            "execution reverted"
        );
    }
}
