//! [`RecoveredTx`] → op-revm's transaction environment.

use crate::tx::RecoveredTx;
use alloy_consensus::Transaction;
use lumio_evm::{
    op_revm::{OpTransaction, transaction::deposit::DepositTransactionParts},
    revm::{context::TxEnv, context_interface::either::Either},
};
use op_alloy_consensus::TxDeposit;

/// op-revm transaction for a signed EVM transaction.
pub(crate) fn signed_tx_env(tx: &RecoveredTx) -> OpTransaction<TxEnv> {
    let env = &tx.envelope;
    let base = TxEnv {
        tx_type: tx.tx_type(),
        caller: tx.sender,
        gas_limit: env.gas_limit(),
        // For 1559/7702 revm reads `gas_price` as max fee per gas.
        gas_price: env.max_fee_per_gas(),
        kind: env.kind(),
        value: env.value(),
        data: env.input().clone(),
        nonce: env.nonce(),
        chain_id: env.chain_id(),
        access_list: env.access_list().cloned().unwrap_or_default(),
        gas_priority_fee: env.max_priority_fee_per_gas(),
        blob_hashes: Vec::new(),
        max_fee_per_blob_gas: 0,
        authorization_list: env
            .authorization_list()
            .map(|list| list.iter().cloned().map(Either::Left).collect())
            .unwrap_or_default(),
    };
    OpTransaction {
        base,
        enveloped_tx: Some(tx.encoded.clone()),
        deposit: DepositTransactionParts::default(),
    }
}

/// op-revm transaction for a deposit (gas price 0; `mint` credited before execution).
pub(crate) fn deposit_tx_env(tx: &RecoveredTx, deposit: &TxDeposit) -> OpTransaction<TxEnv> {
    let base = TxEnv {
        tx_type: lumio_evm::op_revm::transaction::deposit::DEPOSIT_TRANSACTION_TYPE,
        caller: deposit.from,
        gas_limit: deposit.gas_limit,
        gas_price: 0,
        kind: deposit.to,
        value: deposit.value,
        data: deposit.input.clone(),
        nonce: 0,
        chain_id: None,
        access_list: Default::default(),
        gas_priority_fee: None,
        blob_hashes: Vec::new(),
        max_fee_per_blob_gas: 0,
        authorization_list: Vec::new(),
    };
    OpTransaction {
        base,
        enveloped_tx: Some(tx.encoded.clone()),
        deposit: DepositTransactionParts {
            source_hash: deposit.source_hash,
            mint: Some(deposit.mint),
            is_system_transaction: deposit.is_system_transaction,
        },
    }
}
