//! `eth_*`, `net_*` and `web3_*` handlers.

use crate::{
    context::{ChainEvent, EthContext},
    convert::{self, RpcBlock},
    error::{RpcError, RpcResult},
    ingest::{self, Prepared, PreparedTx},
};
use alloy_consensus::{Header, Transaction as _};
use alloy_eips::{BlockId, BlockNumberOrTag};
use alloy_primitives::{Address, B256, Bytes, U64, U256, keccak256};
use alloy_rpc_types_eth::{
    AccessListResult, EIP1186AccountProofResponse, EIP1186StorageProof, FeeHistory, Filter,
    FilterBlockOption, Log, TransactionRequest, state::StateOverride,
};
use alloy_serde::JsonStorageKey;
use jsonrpsee::{Extensions, core::RpcResult as JsonRpcResult, proc_macros::rpc};
use lumio_primitives::{StoredBlock, StoredReceipt};
use lumio_storage::ChainView;
use lumio_txpool::TxStatus;
use op_alloy_rpc_types::{OpTransactionReceipt, Transaction};

/// The Ethereum namespaces.
#[rpc(server)]
pub(crate) trait EthApi {
    #[method(name = "eth_chainId")]
    fn chain_id(&self) -> JsonRpcResult<U64>;
    #[method(name = "net_version")]
    fn net_version(&self) -> JsonRpcResult<String>;
    #[method(name = "net_listening")]
    fn net_listening(&self) -> JsonRpcResult<bool>;
    #[method(name = "net_peerCount")]
    fn net_peer_count(&self) -> JsonRpcResult<U64>;
    #[method(name = "web3_clientVersion")]
    fn client_version(&self) -> JsonRpcResult<String>;
    #[method(name = "web3_sha3")]
    fn sha3(&self, data: Bytes) -> JsonRpcResult<B256>;
    #[method(name = "eth_blockNumber")]
    fn block_number(&self) -> JsonRpcResult<U64>;
    #[method(name = "eth_syncing")]
    fn syncing(&self) -> JsonRpcResult<bool>;
    #[method(name = "eth_accounts")]
    fn accounts(&self) -> JsonRpcResult<Vec<Address>>;
    #[method(name = "eth_getBalance")]
    fn balance(&self, address: Address, block: Option<BlockId>) -> JsonRpcResult<U256>;
    #[method(name = "eth_getTransactionCount")]
    fn transaction_count(&self, address: Address, block: Option<BlockId>) -> JsonRpcResult<U256>;
    #[method(name = "eth_getCode")]
    fn code(&self, address: Address, block: Option<BlockId>) -> JsonRpcResult<Bytes>;
    #[method(name = "eth_getStorageAt")]
    fn storage_at(
        &self,
        address: Address,
        slot: JsonStorageKey,
        block: Option<BlockId>,
    ) -> JsonRpcResult<B256>;
    #[method(name = "eth_call")]
    fn call(
        &self,
        request: TransactionRequest,
        block: Option<BlockId>,
        overrides: Option<StateOverride>,
    ) -> JsonRpcResult<Bytes>;
    #[method(name = "eth_estimateGas")]
    fn estimate_gas(
        &self,
        request: TransactionRequest,
        block: Option<BlockId>,
        overrides: Option<StateOverride>,
    ) -> JsonRpcResult<U64>;
    #[method(name = "eth_createAccessList")]
    fn create_access_list(
        &self,
        request: TransactionRequest,
        block: Option<BlockId>,
    ) -> JsonRpcResult<AccessListResult>;
    #[method(name = "eth_gasPrice")]
    fn gas_price(&self) -> JsonRpcResult<U256>;
    #[method(name = "eth_maxPriorityFeePerGas")]
    fn max_priority_fee(&self) -> JsonRpcResult<U256>;
    #[method(name = "eth_blobBaseFee")]
    fn blob_base_fee(&self) -> JsonRpcResult<U256>;
    #[method(name = "eth_feeHistory")]
    fn fee_history(
        &self,
        block_count: U64,
        newest: BlockNumberOrTag,
        reward_percentiles: Option<Vec<f64>>,
    ) -> JsonRpcResult<FeeHistory>;
    /// Takes the transaction the ingest middleware prepared (`crate::ingest`) from the
    /// extensions when there is one for these bytes.
    #[method(name = "eth_sendRawTransaction", with_extensions)]
    fn send_raw_transaction(&self, bytes: Bytes) -> JsonRpcResult<B256>;
    #[method(name = "eth_sendTransaction")]
    fn send_transaction(&self, request: TransactionRequest) -> JsonRpcResult<B256>;
    #[method(name = "eth_getTransactionByHash")]
    fn transaction_by_hash(&self, hash: B256) -> JsonRpcResult<Option<Transaction>>;
    #[method(name = "eth_getTransactionByBlockNumberAndIndex")]
    fn transaction_by_number_and_index(
        &self,
        block: BlockNumberOrTag,
        index: U64,
    ) -> JsonRpcResult<Option<Transaction>>;
    #[method(name = "eth_getTransactionByBlockHashAndIndex")]
    fn transaction_by_hash_and_index(
        &self,
        block: B256,
        index: U64,
    ) -> JsonRpcResult<Option<Transaction>>;
    #[method(name = "eth_getRawTransactionByHash")]
    fn raw_transaction_by_hash(&self, hash: B256) -> JsonRpcResult<Option<Bytes>>;
    #[method(name = "eth_getTransactionReceipt")]
    fn transaction_receipt(&self, hash: B256) -> JsonRpcResult<Option<OpTransactionReceipt>>;
    #[method(name = "eth_getBlockByNumber")]
    fn block_by_number(
        &self,
        block: BlockNumberOrTag,
        full: bool,
    ) -> JsonRpcResult<Option<RpcBlock>>;
    #[method(name = "eth_getBlockByHash")]
    fn block_by_hash(&self, hash: B256, full: bool) -> JsonRpcResult<Option<RpcBlock>>;
    #[method(name = "eth_getBlockReceipts")]
    fn block_receipts(&self, block: BlockId) -> JsonRpcResult<Option<Vec<OpTransactionReceipt>>>;
    #[method(name = "eth_getBlockTransactionCountByNumber")]
    fn block_tx_count_by_number(&self, block: BlockNumberOrTag) -> JsonRpcResult<Option<U64>>;
    #[method(name = "eth_getBlockTransactionCountByHash")]
    fn block_tx_count_by_hash(&self, hash: B256) -> JsonRpcResult<Option<U64>>;
    #[method(name = "eth_getUncleCountByBlockNumber")]
    fn uncle_count_by_number(&self, block: BlockNumberOrTag) -> JsonRpcResult<Option<U64>>;
    #[method(name = "eth_getLogs")]
    fn logs(&self, filter: Filter) -> JsonRpcResult<Vec<Log>>;
    #[method(name = "eth_getProof")]
    fn proof(
        &self,
        address: Address,
        keys: Vec<JsonStorageKey>,
        block: Option<BlockId>,
    ) -> JsonRpcResult<EIP1186AccountProofResponse>;
}

impl EthContext {
    /// Latest committed block number.
    pub(crate) fn latest_number(&self) -> RpcResult<u64> {
        self.store
            .latest_block_number()?
            .ok_or_else(|| RpcError::Internal("the store holds no genesis block".into()))
    }

    /// Resolves a tag to a committed block number. There is no L1 yet, so `safe` and
    /// `finalized` are the head; `pending` state is the head plus the pool (see nonce).
    pub(crate) fn resolve_tag(&self, tag: BlockNumberOrTag) -> RpcResult<Option<u64>> {
        let latest = self.latest_number()?;
        Ok(match tag {
            BlockNumberOrTag::Latest
            | BlockNumberOrTag::Pending
            | BlockNumberOrTag::Safe
            | BlockNumberOrTag::Finalized => Some(latest),
            BlockNumberOrTag::Earliest => Some(0),
            BlockNumberOrTag::Number(n) => (n <= latest).then_some(n),
        })
    }

    /// Resolves a block id for a state query; unknown blocks are geth's "header not found".
    pub(crate) fn resolve_state_block(&self, block: Option<BlockId>) -> RpcResult<u64> {
        let number = match block.unwrap_or_default() {
            BlockId::Number(tag) => self.resolve_tag(tag)?,
            BlockId::Hash(hash) => self.store.block_number(hash.block_hash)?,
        };
        number.ok_or_else(|| RpcError::ExecutionFailed("header not found".into()))
    }

    /// State as of the end of block `number`.
    pub(crate) fn state_at(&self, number: u64) -> RpcResult<lumio_storage::StateSnapshot> {
        if number == self.latest_number()? {
            Ok(self.store.latest()?)
        } else {
            Ok(self.store.state_at(number)?)
        }
    }

    pub(crate) fn header(&self, number: u64) -> RpcResult<Header> {
        self.store
            .header_by_number(number)?
            .ok_or_else(|| RpcError::Internal(format!("header {number} missing from store")))
    }

    /// Block `number` with its receipts, from one view of the chain. O(transactions).
    pub(crate) fn block_with_receipts(
        &self,
        number: u64,
    ) -> RpcResult<Option<(StoredBlock, Vec<StoredReceipt>)>> {
        let chain = self.store.chain()?;
        let Some(block) = chain.block(number)? else {
            return Ok(None);
        };
        let receipts = chain.receipts(number)?;
        Ok(Some((block, receipts)))
    }

    /// Base fee of the next block.
    /// Base fee of the next block, by the same OP rules the block builder applies (Holocene
    /// `extraData` parameters, Jovian minimum); the head header comes from the store's memory.
    pub(crate) fn next_base_fee(&self) -> RpcResult<u64> {
        let head = self
            .store
            .head_header()
            .ok_or_else(|| RpcError::Internal("the store holds no genesis block".into()))?;
        Ok(lumio_evm::next_base_fee(&self.spec, &head))
    }

    /// Decodes, validates and pools a signed transaction; wakes the sequencer.
    pub(crate) fn submit(&self, bytes: &[u8]) -> RpcResult<B256> {
        let config = self.pool.lock().config().clone();
        self.admit(ingest::prepare(bytes, self.spec.chain_id, &config))
    }

    /// Pools a transaction [`ingest::prepare`]d (off the request path, or just now by
    /// [`EthContext::submit`]): base fee check, then admission under the pool lock.
    pub(crate) fn admit(&self, prepared: PreparedTx) -> RpcResult<B256> {
        let (pooled, stateless) = match prepared {
            PreparedTx::Ok { tx, stateless } => (*tx, stateless),
            PreparedTx::Invalid(err) => return Err(RpcError::Rejected(err)),
        };
        // Like anvil: a transaction that cannot pay the next block's base fee is refused up front
        // rather than left waiting in the pool for a base fee drop that a dev chain rarely sees.
        if !pooled.envelope.is_deposit() {
            let base_fee = self.next_base_fee()?;
            let max_fee = pooled.envelope.max_fee_per_gas();
            if max_fee < u128::from(base_fee) {
                return Err(RpcError::Rejected(format!(
                    "max fee per gas less than block base fee: address {}, maxFeePerGas: {max_fee}, baseFee: {base_fee}",
                    pooled.sender
                )));
            }
        }
        let outcome = {
            let mut pool = self.pool.lock();
            // The state is read under the pool lock: the sequencer commits a block before it
            // updates the pool, so this state is never older than the pool's view. A state read
            // before the lock could predate a block the pool already applied, and the pool would
            // then queue the next nonce behind a transaction that is already mined, where it
            // stays (instant mining never builds another block for it).
            let state = self.store.latest()?;
            pool.add_checked(pooled, stateless, &state)
                .map_err(|e| RpcError::Rejected(e.to_string()))?
        };
        if outcome.status == TxStatus::Pending {
            self.tx_notify.notify_one();
        }
        // `promoted` already holds this transaction when it is pending (then the ones it
        // un-gapped), so each hash is announced exactly once.
        for promoted in outcome.promoted {
            let _ = self.events.send(ChainEvent::PendingTransaction(promoted));
        }
        Ok(outcome.hash)
    }

    /// `eth_getTransactionReceipt`: the index entry, the transaction, its receipt row (which
    /// carries its first log's block-wide index) and the header; nothing else of the block.
    pub(crate) fn receipt_by_hash(&self, hash: B256) -> RpcResult<Option<OpTransactionReceipt>> {
        let chain = self.store.chain()?;
        let Some(loc) = chain.transaction_location(hash)? else {
            return Ok(None);
        };
        let (number, index) = (loc.block_number, loc.index);
        let tx = chain
            .transaction(number, index)?
            .ok_or_else(|| missing("transaction", number))?;
        let receipt = chain
            .receipt(number, index)?
            .ok_or_else(|| missing("receipt", number))?;
        let header = chain
            .header(number)?
            .ok_or_else(|| missing("header", number))?;
        let envelope = convert::decode_envelope(&tx)?;
        let ctx = convert::TxContext::new(loc.block_hash, &header, index);
        Ok(Some(convert::rpc_receipt(
            &receipt.receipt,
            &envelope,
            &tx,
            &ctx,
            receipt.first_log_index,
        )))
    }

    /// Transaction `index` of block `number`: a few point reads, whatever the block's size.
    fn tx_by_location(
        &self,
        chain: &ChainView,
        number: u64,
        block_hash: Option<B256>,
        index: u64,
    ) -> RpcResult<Option<Transaction>> {
        let Some(tx) = chain.transaction(number, index)? else {
            return Ok(None);
        };
        let header = chain
            .header(number)?
            .ok_or_else(|| missing("header", number))?;
        let block_hash = match block_hash {
            Some(hash) => hash,
            None => chain
                .block_hash(number)?
                .ok_or_else(|| missing("block hash", number))?,
        };
        let envelope = convert::decode_envelope(&tx)?;
        // Only deposits take fields from their receipt (deposit nonce and receipt version).
        let receipt = if envelope.is_deposit() {
            chain.receipt(number, index)?
        } else {
            None
        };
        Ok(Some(convert::rpc_transaction(
            envelope,
            tx.sender,
            Some(convert::TxContext::new(block_hash, &header, index)),
            receipt.as_ref().map(|r| &r.receipt),
        )))
    }

    /// Logs of the blocks `from..=to`: blocks whose bloom cannot match are skipped on their
    /// header; of the others the receipts are read, and the transaction hash of each receipt
    /// that has a matching log.
    fn logs_in_range(&self, filter: &Filter, from: u64, to: u64) -> RpcResult<Vec<Log>> {
        let chain = self.store.chain()?;
        let mut out = Vec::new();
        for number in from..=to {
            let header = chain
                .header(number)?
                .ok_or_else(|| missing("header", number))?;
            if !filter.matches_bloom(header.logs_bloom) {
                continue;
            }
            let hash = chain
                .block_hash(number)?
                .ok_or_else(|| missing("block hash", number))?;
            let receipts = chain.receipts(number)?;
            self.collect_logs(filter, hash, &header, &receipts, &mut out, |i| {
                Ok(chain
                    .transaction(number, i)?
                    .ok_or_else(|| missing("transaction", number))?
                    .hash)
            })?;
        }
        Ok(out)
    }

    /// Appends the logs of one block in memory matching `filter` (address and topics only).
    pub(crate) fn collect_block_logs(
        &self,
        filter: &Filter,
        block: &StoredBlock,
        receipts: &[StoredReceipt],
        out: &mut Vec<Log>,
    ) -> RpcResult<()> {
        self.collect_logs(filter, block.hash, &block.header, receipts, out, |i| {
            block
                .transactions
                .get(i as usize)
                .map(|t| t.hash)
                .ok_or_else(|| missing("transaction", block.number()))
        })
    }

    /// Appends the logs of one block matching `filter`; `tx_hash(i)` is asked only for
    /// transactions with a matching log. At most `max_logs` in `out`.
    fn collect_logs(
        &self,
        filter: &Filter,
        block_hash: B256,
        header: &Header,
        receipts: &[StoredReceipt],
        out: &mut Vec<Log>,
        mut tx_hash: impl FnMut(u64) -> RpcResult<B256>,
    ) -> RpcResult<()> {
        let matches = |log: &alloy_primitives::Log| {
            filter.matches_address(log.address) && filter.matches_topics(log.topics())
        };
        let mut log_index = 0u64;
        for (tx_index, receipt) in receipts.iter().enumerate() {
            let first_log_index = log_index;
            log_index += receipt.logs.len() as u64;
            if !receipt.logs.iter().any(matches) {
                continue;
            }
            let ctx = convert::TxContext::new(block_hash, header, tx_index as u64);
            let hash = tx_hash(tx_index as u64)?;
            for log in convert::rpc_logs(receipt, &ctx, hash, first_log_index) {
                if matches(&log.inner) {
                    if out.len() >= self.config.max_logs {
                        return Err(RpcError::LimitExceeded(format!(
                            "query returned more than {} results",
                            self.config.max_logs
                        )));
                    }
                    out.push(log);
                }
            }
        }
        Ok(())
    }

    /// The logs of reverted blocks that match `filter` (address, topics and, when numeric, its
    /// block range), marked `removed`; like a subscription's block, bounded by `max_logs`.
    pub(crate) fn removed_logs(
        &self,
        filter: &Filter,
        blocks: &[crate::context::MinedBlock],
    ) -> Vec<Log> {
        let from = filter.get_from_block().unwrap_or(0);
        let to = filter.get_to_block().unwrap_or(u64::MAX);
        let mut out = Vec::new();
        for mined in blocks {
            let number = mined.block.number();
            if (from..=to).contains(&number) && filter.matches_bloom(mined.block.header.logs_bloom)
            {
                // Past `max_logs` the rest is dropped, as for a subscription's new block.
                let _ = self.collect_block_logs(filter, &mined.block, &mined.receipts, &mut out);
            }
        }
        for log in &mut out {
            log.removed = true;
        }
        out
    }

    /// `eth_getLogs` semantics (also used by log filters).
    pub(crate) fn get_logs(&self, filter: &Filter) -> RpcResult<Vec<Log>> {
        match filter.block_option {
            FilterBlockOption::AtBlockHash(hash) => {
                let number = self
                    .store
                    .block_number(hash)?
                    .ok_or_else(|| RpcError::NotFound("unknown block".into()))?;
                self.logs_in_range(filter, number, number)
            }
            FilterBlockOption::Range {
                from_block,
                to_block,
            } => {
                let latest = self.latest_number()?;
                let resolve = |tag: Option<BlockNumberOrTag>| match tag {
                    None => Ok(latest),
                    Some(BlockNumberOrTag::Number(n)) => Ok(n),
                    Some(tag) => self.resolve_tag(tag).map(|n| n.unwrap_or(latest)),
                };
                // Only the end is clamped to the head: a range starting beyond it is empty (not
                // the head's logs again, which pollers asking "from last seen + 1" would
                // receive twice).
                let from = resolve(from_block)?;
                let to = resolve(to_block)?.min(latest);
                if from > to {
                    return Ok(Vec::new());
                }
                if to - from >= self.config.max_logs_block_range {
                    return Err(RpcError::LimitExceeded(format!(
                        "query exceeds max block range {}",
                        self.config.max_logs_block_range
                    )));
                }
                self.logs_in_range(filter, from, to)
            }
        }
    }

    fn block_id_number(&self, block: BlockId) -> RpcResult<Option<u64>> {
        match block {
            BlockId::Number(tag) => self.resolve_tag(tag),
            BlockId::Hash(hash) => Ok(self.store.block_number(hash.block_hash)?),
        }
    }

    fn exec_env(&self, block: Option<BlockId>) -> RpcResult<(u64, Header)> {
        let number = self.resolve_state_block(block)?;
        Ok((number, self.header(number)?))
    }
}

/// A record the index or the head points at is absent: the store is inconsistent.
fn missing(what: &str, number: u64) -> RpcError {
    RpcError::Internal(format!("{what} of block {number} missing from store"))
}

impl EthApiServer for EthContext {
    fn chain_id(&self) -> JsonRpcResult<U64> {
        Ok(U64::from(self.spec.chain_id))
    }

    fn net_version(&self) -> JsonRpcResult<String> {
        Ok(self.spec.chain_id.to_string())
    }

    fn net_listening(&self) -> JsonRpcResult<bool> {
        Ok(true)
    }

    fn net_peer_count(&self) -> JsonRpcResult<U64> {
        Ok(U64::ZERO)
    }

    fn client_version(&self) -> JsonRpcResult<String> {
        Ok(self.client_version.clone())
    }

    fn sha3(&self, data: Bytes) -> JsonRpcResult<B256> {
        Ok(keccak256(data))
    }

    fn block_number(&self) -> JsonRpcResult<U64> {
        Ok(U64::from(self.latest_number()?))
    }

    fn syncing(&self) -> JsonRpcResult<bool> {
        Ok(false)
    }

    fn accounts(&self) -> JsonRpcResult<Vec<Address>> {
        Ok(self.signers.iter().map(|s| s.address()).collect())
    }

    fn balance(&self, address: Address, block: Option<BlockId>) -> JsonRpcResult<U256> {
        let state = self.state_at(self.resolve_state_block(block)?)?;
        Ok(state
            .account(address)
            .map_err(RpcError::from)?
            .map(|a| a.balance)
            .unwrap_or_default())
    }

    fn transaction_count(&self, address: Address, block: Option<BlockId>) -> JsonRpcResult<U256> {
        let pending = matches!(block, Some(BlockId::Number(BlockNumberOrTag::Pending)));
        // The pool before the state: the sequencer commits a block before it drops the block's
        // transactions from the pool, so in this order a block landing in between is seen by
        // one read or the other, never missed by both.
        let pooled = if pending {
            self.pool.lock().pending_nonce(address)
        } else {
            None
        };
        let state = self.state_at(self.resolve_state_block(block)?)?;
        let nonce = state
            .account(address)
            .map_err(RpcError::from)?
            .map(|a| a.nonce)
            .unwrap_or_default();
        Ok(U256::from(pooled.map_or(nonce, |p| p.max(nonce))))
    }

    fn code(&self, address: Address, block: Option<BlockId>) -> JsonRpcResult<Bytes> {
        let state = self.state_at(self.resolve_state_block(block)?)?;
        let Some(account) = state.account(address).map_err(RpcError::from)? else {
            return Ok(Bytes::new());
        };
        if account.code_hash == lumio_primitives::state::KECCAK_EMPTY {
            return Ok(Bytes::new());
        }
        Ok(state
            .code(account.code_hash)
            .map_err(RpcError::from)?
            .unwrap_or_default())
    }

    fn storage_at(
        &self,
        address: Address,
        slot: JsonStorageKey,
        block: Option<BlockId>,
    ) -> JsonRpcResult<B256> {
        let state = self.state_at(self.resolve_state_block(block)?)?;
        let value = state
            .storage(address, slot.as_b256().into())
            .map_err(RpcError::from)?;
        Ok(B256::from(value))
    }

    fn call(
        &self,
        request: TransactionRequest,
        block: Option<BlockId>,
        overrides: Option<StateOverride>,
    ) -> JsonRpcResult<Bytes> {
        let (number, header) = self.exec_env(block)?;
        let state = self.state_at(number)?;
        let req = crate::request::call_request(&request, self.config.gas_cap)?;
        let overrides = crate::request::state_overrides(overrides);
        let env = lumio_execution::CallEnv::at(&self.spec, &header);
        let outcome = lumio_execution::call(&state, &env, &req, &overrides).map_err(call_error)?;
        Ok(outcome_to_result(outcome)?)
    }

    fn estimate_gas(
        &self,
        request: TransactionRequest,
        block: Option<BlockId>,
        overrides: Option<StateOverride>,
    ) -> JsonRpcResult<U64> {
        let (number, header) = self.exec_env(block)?;
        let state = self.state_at(number)?;
        let req = crate::request::call_request(&request, self.config.gas_cap)?;
        let overrides = crate::request::state_overrides(overrides);
        let env = lumio_execution::CallEnv::at(&self.spec, &header);
        let gas =
            lumio_execution::estimate_gas(&state, &env, &req, &overrides).map_err(call_error)?;
        Ok(U64::from(gas))
    }

    fn create_access_list(
        &self,
        request: TransactionRequest,
        block: Option<BlockId>,
    ) -> JsonRpcResult<AccessListResult> {
        let (number, header) = self.exec_env(block)?;
        let state = self.state_at(number)?;
        let req = crate::request::call_request(&request, self.config.gas_cap)?;
        let env = lumio_execution::CallEnv::at(&self.spec, &header);
        let result = lumio_execution::create_access_list(&state, &env, &req, &Default::default())
            .map_err(call_error)?;
        let error = (!result.outcome.success).then(|| match &result.outcome.revert {
            Some(data) => RpcError::Reverted(data.clone()).to_string(),
            None => result
                .outcome
                .halt
                .clone()
                .unwrap_or_else(|| "execution failed".into()),
        });
        Ok(AccessListResult {
            access_list: result.access_list,
            gas_used: U256::from(result.gas_used),
            error,
        })
    }

    fn gas_price(&self) -> JsonRpcResult<U256> {
        // Enough for the head's base fee and the next block's, plus the suggested tip.
        let head = self
            .header(self.latest_number()?)?
            .base_fee_per_gas
            .unwrap_or_default();
        let base = u128::from(self.next_base_fee()?.max(head));
        Ok(U256::from(base + self.config.suggested_priority_fee))
    }

    fn max_priority_fee(&self) -> JsonRpcResult<U256> {
        Ok(U256::from(self.config.suggested_priority_fee))
    }

    fn blob_base_fee(&self) -> JsonRpcResult<U256> {
        // OP chains since Ecotone: BLOBBASEFEE is always 1.
        Ok(U256::from(1))
    }

    fn fee_history(
        &self,
        block_count: U64,
        newest: BlockNumberOrTag,
        reward_percentiles: Option<Vec<f64>>,
    ) -> JsonRpcResult<FeeHistory> {
        Ok(crate::api::fee_history(
            self,
            block_count.to::<u64>(),
            newest,
            reward_percentiles,
        )?)
    }

    fn send_raw_transaction(&self, ext: &Extensions, bytes: Bytes) -> JsonRpcResult<B256> {
        Ok(match Prepared::take(ext, &bytes) {
            Some(prepared) => self.admit(prepared)?,
            None => self.submit(&bytes)?,
        })
    }

    fn send_transaction(&self, request: TransactionRequest) -> JsonRpcResult<B256> {
        // Filling the nonce reads the pool and submitting writes it: without one lock across
        // both, concurrent calls from one account pick the same nonce and all but one fail.
        let _guard = crate::dev::SEND_LOCK.lock();
        let encoded = crate::dev::sign_request(self, request)?;
        Ok(self.submit(&encoded)?)
    }

    fn transaction_by_hash(&self, hash: B256) -> JsonRpcResult<Option<Transaction>> {
        let chain = self.store.chain().map_err(RpcError::from)?;
        if let Some(loc) = chain.transaction_location(hash).map_err(RpcError::from)? {
            return Ok(self.tx_by_location(
                &chain,
                loc.block_number,
                Some(loc.block_hash),
                loc.index,
            )?);
        }
        let pooled = self.pool.lock().get(&hash);
        Ok(pooled.map(|tx| convert::rpc_transaction(tx.envelope.clone(), tx.sender, None, None)))
    }

    fn transaction_by_number_and_index(
        &self,
        block: BlockNumberOrTag,
        index: U64,
    ) -> JsonRpcResult<Option<Transaction>> {
        let Some(number) = self.resolve_tag(block)? else {
            return Ok(None);
        };
        let chain = self.store.chain().map_err(RpcError::from)?;
        Ok(self.tx_by_location(&chain, number, None, index.to::<u64>())?)
    }

    fn transaction_by_hash_and_index(
        &self,
        block: B256,
        index: U64,
    ) -> JsonRpcResult<Option<Transaction>> {
        let chain = self.store.chain().map_err(RpcError::from)?;
        let Some(number) = chain.block_number(block).map_err(RpcError::from)? else {
            return Ok(None);
        };
        Ok(self.tx_by_location(&chain, number, Some(block), index.to::<u64>())?)
    }

    fn raw_transaction_by_hash(&self, hash: B256) -> JsonRpcResult<Option<Bytes>> {
        let chain = self.store.chain().map_err(RpcError::from)?;
        if let Some(loc) = chain.transaction_location(hash).map_err(RpcError::from)? {
            let tx = chain
                .transaction(loc.block_number, loc.index)
                .map_err(RpcError::from)?;
            return Ok(tx.map(|t| t.encoded));
        }
        let pooled = self.pool.lock().get(&hash);
        Ok(pooled.map(|tx| tx.encoded.clone()))
    }

    fn transaction_receipt(&self, hash: B256) -> JsonRpcResult<Option<OpTransactionReceipt>> {
        Ok(self.receipt_by_hash(hash)?)
    }

    fn block_by_number(
        &self,
        block: BlockNumberOrTag,
        full: bool,
    ) -> JsonRpcResult<Option<RpcBlock>> {
        let Some(number) = self.resolve_tag(block)? else {
            return Ok(None);
        };
        let chain = self.store.chain().map_err(RpcError::from)?;
        let Some(block) = chain.block(number).map_err(RpcError::from)? else {
            return Ok(None);
        };
        // Deposits take two fields from their receipts: only theirs are read.
        let block = convert::rpc_block(&block, full, |i| {
            Ok(chain.receipt(number, i as u64)?.map(|r| r.receipt))
        })?;
        Ok(Some(block))
    }

    fn block_by_hash(&self, hash: B256, full: bool) -> JsonRpcResult<Option<RpcBlock>> {
        let Some(number) = self.store.block_number(hash).map_err(RpcError::from)? else {
            return Ok(None);
        };
        self.block_by_number(BlockNumberOrTag::Number(number), full)
    }

    fn block_receipts(&self, block: BlockId) -> JsonRpcResult<Option<Vec<OpTransactionReceipt>>> {
        let Some(number) = self.block_id_number(block)? else {
            return Ok(None);
        };
        let Some((block, receipts)) = self.block_with_receipts(number)? else {
            return Ok(None);
        };
        Ok(Some(convert::rpc_receipts(&block, &receipts)?))
    }

    fn block_tx_count_by_number(&self, block: BlockNumberOrTag) -> JsonRpcResult<Option<U64>> {
        let Some(number) = self.resolve_tag(block)? else {
            return Ok(None);
        };
        let chain = self.store.chain().map_err(RpcError::from)?;
        if chain.header(number).map_err(RpcError::from)?.is_none() {
            return Ok(None);
        }
        let count = chain.transaction_count(number).map_err(RpcError::from)?;
        Ok(Some(U64::from(count)))
    }

    fn block_tx_count_by_hash(&self, hash: B256) -> JsonRpcResult<Option<U64>> {
        let Some(number) = self.store.block_number(hash).map_err(RpcError::from)? else {
            return Ok(None);
        };
        self.block_tx_count_by_number(BlockNumberOrTag::Number(number))
    }

    fn uncle_count_by_number(&self, block: BlockNumberOrTag) -> JsonRpcResult<Option<U64>> {
        Ok(self.resolve_tag(block)?.map(|_| U64::ZERO))
    }

    fn logs(&self, filter: Filter) -> JsonRpcResult<Vec<Log>> {
        Ok(self.get_logs(&filter)?)
    }

    fn proof(
        &self,
        address: Address,
        keys: Vec<JsonStorageKey>,
        block: Option<BlockId>,
    ) -> JsonRpcResult<EIP1186AccountProofResponse> {
        let number = self.resolve_state_block(block)?;
        let slots: Vec<B256> = keys.iter().map(|k| k.as_b256()).collect();
        let proof = self
            .store
            .account_proof_at(number, address, &slots)
            .map_err(|e| match e {
                // The caller asked for more history than is served: a request error, not ours.
                e @ (lumio_storage::StorageError::TooDeep { .. }
                | lumio_storage::StorageError::TooMuchHistory { .. }) => {
                    RpcError::InvalidParams(e.to_string())
                }
                e => RpcError::from(e),
            })?;
        let account = proof.account.unwrap_or_default();
        Ok(EIP1186AccountProofResponse {
            address,
            balance: account.balance,
            code_hash: account.code_hash,
            nonce: account.nonce,
            storage_hash: proof.storage_root,
            account_proof: proof.proof,
            storage_proof: keys
                .into_iter()
                .zip(proof.storage_proofs)
                .map(|(key, sp)| EIP1186StorageProof {
                    key,
                    value: sp.value,
                    proof: sp.proof,
                })
                .collect(),
        })
    }
}

fn outcome_to_result(outcome: lumio_execution::CallOutcome) -> RpcResult<Bytes> {
    if outcome.success {
        return Ok(outcome.output);
    }
    match outcome.revert {
        Some(data) => Err(RpcError::Reverted(data)),
        None => Err(RpcError::ExecutionFailed(
            outcome.halt.unwrap_or_else(|| "execution failed".into()),
        )),
    }
}

/// Maps executor errors to geth's RPC errors (revert data kept, code 3).
pub(crate) fn call_error(err: lumio_execution::CallError) -> RpcError {
    match err {
        lumio_execution::CallError::Reverted { data } => RpcError::Reverted(data),
        lumio_execution::CallError::InvalidRequest(msg) => RpcError::InvalidParams(msg),
        other => RpcError::ExecutionFailed(other.to_string()),
    }
}

/// `eth_feeHistory`: base fees (one more than blocks, the next block's included), gas used
/// ratios, and the requested percentiles of effective priority fees weighted by gas used.
pub(crate) fn fee_history(
    ctx: &EthContext,
    block_count: u64,
    newest: BlockNumberOrTag,
    percentiles: Option<Vec<f64>>,
) -> RpcResult<FeeHistory> {
    if let Some(p) = &percentiles {
        let sorted = p.windows(2).all(|w| w[0] <= w[1]);
        if !sorted || p.iter().any(|v| !(0.0..=100.0).contains(v)) {
            return Err(RpcError::InvalidParams("invalid reward percentiles".into()));
        }
    }
    let newest = ctx
        .resolve_tag(newest)?
        .ok_or_else(|| RpcError::InvalidParams("request beyond head block".into()))?;
    let count = block_count.min(ctx.config.max_fee_history).min(newest + 1);
    if count == 0 {
        return Ok(FeeHistory::default());
    }
    let oldest = newest + 1 - count;
    let mut history = FeeHistory {
        oldest_block: oldest,
        ..Default::default()
    };
    let mut rewards = Vec::new();
    let mut last_header = None;
    for number in oldest..=newest {
        let header = ctx.header(number)?;
        let base_fee = header.base_fee_per_gas.unwrap_or_default();
        history.base_fee_per_gas.push(u128::from(base_fee));
        history.gas_used_ratio.push(if header.gas_limit == 0 {
            0.0
        } else {
            header.gas_used as f64 / header.gas_limit as f64
        });
        history.base_fee_per_blob_gas.push(1);
        history.blob_gas_used_ratio.push(0.0);
        if let Some(p) = &percentiles {
            let (block, receipts) = ctx.block_with_receipts(number)?.unwrap_or_default_pair();
            rewards.push(block_rewards(
                &block,
                &receipts,
                base_fee,
                header.gas_used,
                p,
            )?);
        }
        last_header = Some(header);
    }
    let next = last_header
        .map(|h| lumio_evm::next_base_fee(&ctx.spec, &h))
        .unwrap_or_default();
    history.base_fee_per_gas.push(u128::from(next));
    history.base_fee_per_blob_gas.push(1);
    history.reward = percentiles.map(|_| rewards);
    Ok(history)
}

trait OptionPair {
    fn unwrap_or_default_pair(self) -> (Option<StoredBlock>, Vec<StoredReceipt>);
}

impl OptionPair for Option<(StoredBlock, Vec<StoredReceipt>)> {
    fn unwrap_or_default_pair(self) -> (Option<StoredBlock>, Vec<StoredReceipt>) {
        match self {
            Some((b, r)) => (Some(b), r),
            None => (None, Vec::new()),
        }
    }
}

fn block_rewards(
    block: &Option<StoredBlock>,
    receipts: &[StoredReceipt],
    base_fee: u64,
    gas_used: u64,
    percentiles: &[f64],
) -> RpcResult<Vec<u128>> {
    let Some(block) = block else {
        return Ok(vec![0; percentiles.len()]);
    };
    if receipts.is_empty() || gas_used == 0 {
        return Ok(vec![0; percentiles.len()]);
    }
    let mut tips = Vec::with_capacity(receipts.len());
    for (tx, receipt) in block.transactions.iter().zip(receipts) {
        let envelope = convert::decode_envelope(tx)?;
        let tip = envelope.effective_tip_per_gas(base_fee).unwrap_or_default();
        tips.push((tip, receipt.gas_used));
    }
    tips.sort_unstable_by_key(|(tip, _)| *tip);
    let mut out = Vec::with_capacity(percentiles.len());
    let (mut i, mut cumulative) = (0usize, 0u64);
    for p in percentiles {
        let threshold = (gas_used as f64 * p / 100.0) as u64;
        while i < tips.len() {
            let (_, used) = tips[i];
            if cumulative + used >= threshold {
                break;
            }
            cumulative += used;
            i += 1;
        }
        out.push(tips.get(i).or(tips.last()).map(|t| t.0).unwrap_or_default());
    }
    Ok(out)
}
