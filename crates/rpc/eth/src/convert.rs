//! Conversions from stored records to the JSON shapes of the Ethereum/OP RPC
//! (op-alloy's `Transaction` and `OpTransactionReceipt`, alloy's `Block` and `Log`).

use crate::error::{RpcError, RpcResult};
use alloy_consensus::{Receipt, ReceiptWithBloom, Transaction as _, transaction::Recovered};
use alloy_eips::eip2718::Decodable2718;
use alloy_primitives::{Address, B256, Bloom, U256};
use alloy_rpc_types_eth::{Block, BlockTransactions, Header, Log, TransactionReceipt};
use lumio_primitives::{StoredBlock, StoredReceipt, StoredTx};
use op_alloy_consensus::{OpDepositReceipt, OpReceipt, OpTxEnvelope};
use op_alloy_rpc_types::{L1BlockInfo, OpTransactionReceipt, Transaction};

/// The RPC block type: OP transactions, alloy header.
pub type RpcBlock = Block<Transaction, Header>;

/// Decodes a stored transaction's EIP-2718 bytes.
pub fn decode_envelope(tx: &StoredTx) -> RpcResult<OpTxEnvelope> {
    OpTxEnvelope::decode_2718(&mut tx.encoded.as_ref())
        .map_err(|e| RpcError::Internal(format!("stored transaction {} undecodable: {e}", tx.hash)))
}

/// Where a transaction sits, for the RPC fields that say so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TxContext {
    /// Block hash.
    pub block_hash: B256,
    /// Block number.
    pub block_number: u64,
    /// Block timestamp.
    pub timestamp: u64,
    /// Index in block.
    pub index: u64,
    /// Block base fee.
    pub base_fee: Option<u64>,
}

impl TxContext {
    /// Transaction `index` of the block with this hash and header.
    pub fn new(block_hash: B256, header: &alloy_consensus::Header, index: u64) -> Self {
        Self {
            block_hash,
            block_number: header.number,
            timestamp: header.timestamp,
            index,
            base_fee: header.base_fee_per_gas,
        }
    }

    /// Transaction `index` of `block`.
    pub fn in_block(block: &StoredBlock, index: u64) -> Self {
        Self::new(block.hash, &block.header, index)
    }
}

/// An RPC transaction; `ctx` is `None` for a pending one.
pub fn rpc_transaction(
    envelope: OpTxEnvelope,
    sender: Address,
    ctx: Option<TxContext>,
    receipt: Option<&StoredReceipt>,
) -> Transaction {
    let effective_gas_price = ctx.map(|c| {
        if envelope.is_deposit() {
            0
        } else {
            envelope.effective_gas_price(c.base_fee)
        }
    });
    let (deposit_nonce, deposit_receipt_version) = receipt
        .map(|r| (r.deposit_nonce, r.deposit_receipt_version))
        .unwrap_or_default();
    Transaction {
        inner: alloy_rpc_types_eth::Transaction {
            inner: Recovered::new_unchecked(envelope, sender),
            block_hash: ctx.map(|c| c.block_hash),
            block_number: ctx.map(|c| c.block_number),
            transaction_index: ctx.map(|c| c.index),
            effective_gas_price,
            block_timestamp: ctx.map(|c| c.timestamp),
        },
        deposit_nonce,
        deposit_receipt_version,
    }
}

/// Length of the block's RLP encoding, as geth's `Block.Size()` and reth count it: a list of the
/// header, the transactions (typed ones wrapped as byte strings, legacy ones as they are), the
/// empty ommers list and, when the header commits to withdrawals, the (always empty) withdrawals
/// list. Computed from the stored encodings, without decoding the transactions.
pub fn block_size(block: &StoredBlock) -> usize {
    use alloy_rlp::{Encodable, Header as Rlp};
    let list = |payload_length: usize| {
        Rlp {
            list: true,
            payload_length,
        }
        .length_with_payload()
    };
    let transactions: usize = block
        .transactions
        .iter()
        .map(|t| match t.encoded.first() {
            // EIP-2718 typed transaction: a byte string holding `type || payload`.
            Some(&ty) if ty < 0x7f => Rlp {
                list: false,
                payload_length: t.encoded.len(),
            }
            .length_with_payload(),
            _ => t.encoded.len(),
        })
        .sum();
    let withdrawals = if block.header.withdrawals_root.is_some() {
        list(0)
    } else {
        0
    };
    list(block.header.length() + list(transactions) + list(0) + withdrawals)
}

/// The RPC header of a stored block.
pub fn rpc_header(block: &StoredBlock) -> Header {
    Header {
        hash: block.hash,
        inner: block.header.clone(),
        total_difficulty: Some(U256::ZERO),
        size: Some(U256::from(block_size(block))),
    }
}

/// The RPC block, with full transactions or hashes only. `deposit_receipt(i)` is asked for the
/// receipt of each deposit (their deposit nonce and receipt version are transaction fields);
/// other transactions need none.
pub fn rpc_block(
    block: &StoredBlock,
    full: bool,
    mut deposit_receipt: impl FnMut(usize) -> RpcResult<Option<StoredReceipt>>,
) -> RpcResult<RpcBlock> {
    let transactions = if full {
        let mut txs = Vec::with_capacity(block.transactions.len());
        for (i, tx) in block.transactions.iter().enumerate() {
            let ctx = TxContext::in_block(block, i as u64);
            let envelope = decode_envelope(tx)?;
            let receipt = if envelope.is_deposit() {
                deposit_receipt(i)?
            } else {
                None
            };
            txs.push(rpc_transaction(
                envelope,
                tx.sender,
                Some(ctx),
                receipt.as_ref(),
            ));
        }
        BlockTransactions::Full(txs)
    } else {
        BlockTransactions::Hashes(block.transactions.iter().map(|t| t.hash).collect())
    };
    Ok(Block {
        header: rpc_header(block),
        uncles: Vec::new(),
        transactions,
        withdrawals: block.header.withdrawals_root.map(|_| Default::default()),
    })
}

/// RPC logs of one receipt; `first_log_index` is the block-wide index of its first log.
pub fn rpc_logs(
    receipt: &StoredReceipt,
    ctx: &TxContext,
    tx_hash: B256,
    first_log_index: u64,
) -> Vec<Log> {
    receipt
        .logs
        .iter()
        .enumerate()
        .map(|(i, log)| Log {
            inner: log.clone(),
            block_hash: Some(ctx.block_hash),
            block_number: Some(ctx.block_number),
            block_timestamp: Some(ctx.timestamp),
            transaction_hash: Some(tx_hash),
            transaction_index: Some(ctx.index),
            log_index: Some(first_log_index + i as u64),
            removed: false,
        })
        .collect()
}

/// All RPC receipts of a block (logs numbered across the block).
pub fn rpc_receipts(
    block: &StoredBlock,
    receipts: &[StoredReceipt],
) -> RpcResult<Vec<OpTransactionReceipt>> {
    let mut out = Vec::with_capacity(receipts.len());
    let mut log_index = 0u64;
    for (i, (receipt, tx)) in receipts.iter().zip(&block.transactions).enumerate() {
        let envelope = decode_envelope(tx)?;
        let ctx = TxContext::in_block(block, i as u64);
        out.push(rpc_receipt(receipt, &envelope, tx, &ctx, log_index));
        log_index += receipt.logs.len() as u64;
    }
    Ok(out)
}

/// The RPC receipt of one transaction; `first_log_index` is the block-wide index of its first
/// log (stored with the receipt, so one receipt needs nothing else of its block).
pub fn rpc_receipt(
    receipt: &StoredReceipt,
    envelope: &OpTxEnvelope,
    tx: &StoredTx,
    ctx: &TxContext,
    first_log_index: u64,
) -> OpTransactionReceipt {
    let logs = rpc_logs(receipt, ctx, tx.hash, first_log_index);
    let bloom: Bloom = receipt.logs.iter().collect();
    let inner = Receipt {
        status: receipt.success.into(),
        cumulative_gas_used: receipt.cumulative_gas_used,
        logs,
    };
    let op_receipt = match receipt.tx_type {
        0x7e => OpReceipt::Deposit(OpDepositReceipt {
            inner,
            deposit_nonce: receipt.deposit_nonce,
            deposit_receipt_version: receipt.deposit_receipt_version,
        }),
        1 => OpReceipt::Eip2930(inner),
        2 => OpReceipt::Eip1559(inner),
        4 => OpReceipt::Eip7702(inner),
        _ => OpReceipt::Legacy(inner),
    };
    let is_deposit = receipt.tx_type == 0x7e;
    let l1 = &receipt.l1;
    let l1_block_info = if is_deposit {
        L1BlockInfo::default()
    } else {
        L1BlockInfo {
            l1_gas_price: Some(l1.l1_gas_price.saturating_to()),
            l1_gas_used: Some(u128::from(l1.l1_gas_used)),
            l1_fee: Some(l1.l1_fee.saturating_to()),
            l1_fee_scalar: None,
            l1_base_fee_scalar: Some(u128::from(l1.l1_base_fee_scalar)),
            l1_blob_base_fee: Some(l1.l1_blob_base_fee.saturating_to()),
            l1_blob_base_fee_scalar: Some(u128::from(l1.l1_blob_base_fee_scalar)),
            operator_fee_scalar: None,
            operator_fee_constant: None,
            da_footprint_gas_scalar: None,
        }
    };
    OpTransactionReceipt {
        inner: TransactionReceipt {
            inner: ReceiptWithBloom {
                receipt: op_receipt,
                logs_bloom: bloom,
            },
            transaction_hash: tx.hash,
            transaction_index: Some(ctx.index),
            block_hash: Some(ctx.block_hash),
            block_number: Some(ctx.block_number),
            gas_used: receipt.gas_used,
            effective_gas_price: receipt.effective_gas_price,
            blob_gas_used: None,
            blob_gas_price: None,
            from: tx.sender,
            to: envelope.to(),
            contract_address: receipt.contract_address,
        },
        l1_block_info,
        op_gas_refund: None,
    }
}
