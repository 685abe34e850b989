//! Building blocks: transfers, contracts, fees, headers, roots, 7702, deposits.

use crate::common::*;
use alloy_consensus::{SignableTransaction, TxEip7702, proofs::calculate_receipt_root};
use alloy_eips::{eip2930::AccessList, eip7702::Authorization};
use alloy_primitives::{Address, B256, Bloom, Bytes, TxKind, U256, keccak256, logs_bloom};
use alloy_signer::SignerSync;
use alloy_trie::EMPTY_ROOT_HASH;
use lumio_evm::predeploys::{BASE_FEE_VAULT, L1_FEE_VAULT, SEQUENCER_FEE_VAULT};
use lumio_execution::{RecoveredTx, decode_and_recover, receipt_envelopes};
use lumio_primitives::StateReader;
use op_alloy_consensus::{OpReceiptEnvelope, OpTxEnvelope, OpTxType, TxDeposit};

#[test]
fn transfers_move_balances_and_bump_nonces() {
    let mut chain = TestChain::new(3);
    let (a, b, c) = (signer(0), signer(1), signer(2));
    let fresh = Address::with_last_byte(0x99);
    let txs = [
        transfer(&a, 0, b.address(), ETH),
        transfer(&a, 1, fresh, 5),
        legacy_tx(&c, 0, fresh, 7),
    ];
    let (executed, block) = chain.block(&txs);
    assert_eq!(executed.receipts.len(), 3);
    assert!(
        executed
            .receipts
            .iter()
            .all(|r| r.success && r.gas_used == 21_000)
    );
    assert_eq!(executed.receipts[2].cumulative_gas_used, 63_000);
    assert_eq!(executed.receipts[2].tx_type, 0);
    assert_eq!(block.header.gas_used, 63_000);
    assert_eq!(block.number(), 1);
    assert_eq!(chain.balance(fresh), U256::from(12));
    assert_eq!(chain.nonce(a.address()), 2);
    assert_eq!(chain.nonce(c.address()), 1);
    assert!(chain.balance(b.address()) == U256::from(101 * ETH));
    assert_eq!(block.transactions[0].hash, txs[0].hash);
    assert_eq!(block.hash, block.header.hash_slow());
}

#[test]
fn fees_go_to_vaults() {
    let mut chain = TestChain::new(2);
    let (a, b) = (signer(0), signer(1));
    let (executed, block) = chain.block(&[transfer(&a, 0, b.address(), 1)]);
    let base_fee = u128::from(block.header.base_fee_per_gas.unwrap());
    // Block 1 after an empty genesis: 1 gwei * (1 - 1/250).
    assert_eq!(base_fee, 996_000_000);
    let receipt = &executed.receipts[0];
    // min(max fee 2 gwei, base + tip 1 gwei).
    assert_eq!(receipt.effective_gas_price, base_fee + GWEI);
    assert_eq!(chain.balance(BASE_FEE_VAULT), U256::from(base_fee * 21_000));
    assert_eq!(
        chain.balance(SEQUENCER_FEE_VAULT),
        U256::from(GWEI * 21_000)
    );
    assert_eq!(
        chain.balance(L1_FEE_VAULT),
        U256::ZERO,
        "no L1 yet: L1 fee is zero"
    );
    assert_eq!(
        chain.balance(a.address()),
        U256::from(100 * ETH - 1 - (base_fee + GWEI) * 21_000)
    );
    assert_eq!(receipt.l1, Default::default());
}

#[test]
fn header_has_op_isthmus_fields() {
    let mut chain = TestChain::new(1);
    let genesis_hash = chain.parent.hash_slow();
    let (executed, block) = chain.block(&[]);
    let h = &block.header;
    assert_eq!(h.parent_hash, genesis_hash);
    assert_eq!(h.beneficiary, SEQUENCER_FEE_VAULT);
    assert_eq!(h.ommers_hash, alloy_consensus::EMPTY_OMMER_ROOT_HASH);
    assert_eq!(h.difficulty, U256::ZERO);
    assert_eq!(h.extra_data.as_ref(), &[0, 0, 0, 0, 250, 0, 0, 0, 6]);
    assert_eq!(h.blob_gas_used, Some(0));
    assert_eq!(h.excess_blob_gas, Some(0));
    assert_eq!(h.parent_beacon_block_root, Some(B256::ZERO));
    assert_eq!(
        h.requests_hash,
        Some(lumio_evm::genesis::empty_requests_hash())
    );
    assert_eq!(h.transactions_root, EMPTY_ROOT_HASH);
    assert_eq!(h.receipts_root, EMPTY_ROOT_HASH);
    assert!(executed.needs_message_passer_root());
    assert_eq!(
        h.withdrawals_root,
        Some(
            chain
                .state
                .storage_root(lumio_evm::predeploys::L2_TO_L1_MESSAGE_PASSER)
        )
    );
    assert_ne!(h.withdrawals_root, Some(EMPTY_ROOT_HASH));
}

#[test]
fn base_fee_follows_gas_used() {
    let mut chain = TestChain::new(1);
    let a = signer(0);
    // 40 transfers = 840k gas, far below the 5M target: base fee decreases.
    let txs: Vec<_> = (0..40)
        .map(|n| transfer(&a, n, Address::repeat_byte(0x12), 1))
        .collect();
    let (_, b1) = chain.block(&txs);
    let expected = alloy_eips::eip1559::calc_next_block_base_fee(
        b1.header.gas_used,
        b1.header.gas_limit,
        b1.header.base_fee_per_gas.unwrap(),
        alloy_eips::eip1559::BaseFeeParams::new(250, 6),
    );
    let builder = chain.builder();
    assert_eq!(builder.header().base_fee_per_gas, Some(expected));
    assert!(expected < b1.header.base_fee_per_gas.unwrap());

    // A block above target raises it.
    let mut chain = TestChain::new(1);
    chain.chain.gas_limit = 600_000; // target 100k
    chain.parent.gas_limit = 600_000;
    let txs: Vec<_> = (0..20)
        .map(|n| transfer(&a, n, Address::repeat_byte(0x12), 1))
        .collect();
    let (_, b1) = chain.block(&txs);
    let b2 = chain.builder();
    assert!(b2.header().base_fee_per_gas.unwrap() > b1.header.base_fee_per_gas.unwrap());
}

#[test]
fn deploy_call_log_revert() {
    let mut chain = TestChain::new(1);
    let a = signer(0);
    let deploy = tx_1559(&a, 0, TxKind::Create, 0, store_init_code(), 200_000);
    let (executed, _) = chain.block(&[deploy]);
    let contract = executed.receipts[0].contract_address.unwrap();
    assert_eq!(contract, a.address().create(0));
    let code_hash = chain.state.account(contract).unwrap().unwrap().code_hash;
    assert_eq!(code_hash, keccak256(store_runtime()));
    assert_eq!(executed.diff.codes[&code_hash], store_runtime());

    let call = tx_1559(&a, 1, TxKind::Call(contract), 0, store_call(42, 7), 100_000);
    let revert = tx_1559(&a, 2, TxKind::Call(contract), 0, Bytes::new(), 100_000);
    let (executed, block) = chain.block(&[call, revert]);
    let ok = &executed.receipts[0];
    assert!(ok.success);
    assert_eq!(ok.logs.len(), 1);
    assert_eq!(ok.logs[0].address, contract);
    assert_eq!(ok.logs[0].topics()[0], B256::with_last_byte(0xaa));
    assert_eq!(
        ok.logs[0].data.data.as_ref(),
        U256::from(42).to_be_bytes::<32>().as_slice()
    );
    assert_eq!(
        chain.state.storage(contract, U256::from(7)).unwrap(),
        U256::from(42)
    );
    let failed = &executed.receipts[1];
    assert!(!failed.success);
    assert!(failed.logs.is_empty());
    assert_eq!(
        chain.nonce(a.address()),
        3,
        "a reverted tx still consumes its nonce"
    );
    assert_eq!(block.header.logs_bloom, logs_bloom(ok.logs.iter()));
}

/// A deploy, a storing call, a legacy transfer and a plain call (signers 0 and 1).
fn deploy_call_transfer_call() -> [RecoveredTx; 4] {
    let (a, b) = (signer(0), signer(1));
    let contract = a.address().create(0);
    [
        tx_1559(&a, 0, TxKind::Create, 0, store_init_code(), 200_000),
        tx_1559(&a, 1, TxKind::Call(contract), 0, store_call(1, 1), 100_000),
        legacy_tx(&b, 0, a.address(), 3),
        tx_1559(&a, 2, TxKind::Call(contract), 0, Bytes::new(), 100_000),
    ]
}

#[test]
fn receipts_and_transactions_roots_match_alloy() {
    let mut chain = TestChain::new(2);
    let txs = deploy_call_transfer_call();
    let (executed, block) = chain.block(&txs);
    // Receipts rebuilt independently from the receipt fields.
    let expected: Vec<OpReceiptEnvelope> = executed
        .receipts
        .iter()
        .zip(&txs)
        .map(|(r, tx)| {
            OpReceiptEnvelope::from_parts(
                r.success,
                r.cumulative_gas_used,
                &r.logs,
                tx.envelope.tx_type(),
                None,
                None,
            )
        })
        .collect();
    assert_eq!(receipt_envelopes(&executed.receipts), expected);
    assert_eq!(
        block.header.receipts_root,
        calculate_receipt_root(&expected)
    );
    let envelopes: Vec<OpTxEnvelope> = txs.iter().map(|t| t.envelope.clone()).collect();
    assert_eq!(
        block.header.transactions_root,
        alloy_consensus::proofs::calculate_transaction_root(&envelopes)
    );
}

#[test]
fn without_body_roots_executes_the_same_and_leaves_roots_empty() {
    let chain = TestChain::new(2);
    let txs = deploy_call_transfer_call();
    let run = |unsealed: bool| {
        let mut builder = chain.builder();
        if unsealed {
            builder = builder.without_body_roots();
        }
        for tx in &txs {
            builder.execute_tx(tx).unwrap();
        }
        builder.finish().unwrap()
    };
    let sealed = run(false);
    let unsealed = run(true);
    assert_eq!(unsealed.diff, sealed.diff);
    assert_eq!(unsealed.header.gas_used, sealed.header.gas_used);
    assert_eq!(unsealed.receipts.len(), sealed.receipts.len());
    assert_ne!(sealed.header.receipts_root, EMPTY_ROOT_HASH);
    assert_eq!(unsealed.header.receipts_root, EMPTY_ROOT_HASH);
    assert_eq!(unsealed.header.transactions_root, EMPTY_ROOT_HASH);
    assert_eq!(unsealed.header.logs_bloom, Bloom::ZERO);
}

#[test]
fn eip7702_authorization_delegates_code() {
    let mut chain = TestChain::new(2);
    let (a, authority) = (signer(0), signer(1));
    let deploy = tx_1559(&a, 0, TxKind::Create, 0, store_init_code(), 200_000);
    chain.block(&[deploy]);
    let contract = a.address().create(0);

    let auth = Authorization {
        chain_id: U256::from(CHAIN_ID),
        address: contract,
        nonce: 0,
    };
    let sig = authority.sign_hash_sync(&auth.signature_hash()).unwrap();
    let tx = TxEip7702 {
        chain_id: CHAIN_ID,
        nonce: 1,
        gas_limit: 200_000,
        max_fee_per_gas: 2 * GWEI,
        max_priority_fee_per_gas: GWEI,
        to: authority.address(),
        value: U256::ZERO,
        access_list: AccessList::default(),
        authorization_list: vec![auth.into_signed(sig)],
        input: store_call(5, 3),
    };
    let sig = a.sign_hash_sync(&tx.signature_hash()).unwrap();
    let bytes = alloy_eips::eip2718::Encodable2718::encoded_2718(&OpTxEnvelope::Eip7702(
        tx.into_signed(sig),
    ));
    let tx = decode_and_recover(&bytes, CHAIN_ID).unwrap();
    assert_eq!(tx.tx_type(), 4);
    let (executed, _) = chain.block(&[tx]);
    let receipt = &executed.receipts[0];
    assert!(receipt.success);
    assert_eq!(
        receipt.logs[0].address,
        authority.address(),
        "code runs at the authority"
    );
    let mut designator = vec![0xef, 0x01, 0x00];
    designator.extend_from_slice(contract.as_slice());
    let account = chain.state.account(authority.address()).unwrap().unwrap();
    assert_eq!(account.code_hash, keccak256(&designator));
    assert_eq!(account.nonce, 1, "authorization bumps the authority nonce");
    assert_eq!(
        executed.diff.codes[&account.code_hash].as_ref(),
        designator.as_slice()
    );
    assert_eq!(
        chain
            .state
            .storage(authority.address(), U256::from(3))
            .unwrap(),
        U256::from(5)
    );
}

#[test]
fn deposits_execute_with_mint_and_no_fees() {
    let mut chain = TestChain::new(1);
    let from = Address::with_last_byte(0xd0);
    let to = Address::with_last_byte(0xd1);
    let deposit = TxDeposit {
        source_hash: B256::repeat_byte(7),
        from,
        to: TxKind::Call(to),
        mint: 10 * ETH,
        value: U256::from(ETH),
        gas_limit: 100_000,
        is_system_transaction: false,
        input: Bytes::new(),
    };
    let tx = RecoveredTx::from_deposit(deposit);
    assert_eq!(tx.tx_type(), 0x7e);
    assert!(
        decode_and_recover(&tx.encoded, CHAIN_ID).is_err(),
        "not from users"
    );
    let same = lumio_execution::decode_payload_tx(&tx.encoded, CHAIN_ID).unwrap();
    assert_eq!(same, tx);
    let (executed, _) = chain.block(&[tx]);
    let receipt = &executed.receipts[0];
    assert!(receipt.success);
    assert_eq!(receipt.deposit_nonce, Some(0));
    assert_eq!(receipt.deposit_receipt_version, Some(1));
    assert_eq!(receipt.effective_gas_price, 0);
    assert_eq!(chain.balance(to), U256::from(ETH));
    assert_eq!(chain.balance(from), U256::from(9 * ETH));
    assert_eq!(chain.balance(BASE_FEE_VAULT), U256::ZERO);
    let envelope = &receipt_envelopes(&executed.receipts)[0];
    assert_eq!(envelope.tx_type(), OpTxType::Deposit);
    assert_eq!(envelope.deposit_nonce(), Some(0));
}

#[test]
fn eip2930_transactions_execute_with_their_access_list() {
    use alloy_consensus::TxEip2930;
    use alloy_eips::eip2930::AccessListItem;
    let mut chain = TestChain::new(1);
    let a = signer(0);
    chain.block(&[tx_1559(
        &a,
        0,
        TxKind::Create,
        0,
        store_init_code(),
        200_000,
    )]);
    let contract = a.address().create(0);
    let tx = TxEip2930 {
        chain_id: CHAIN_ID,
        nonce: 1,
        gas_price: 2 * GWEI,
        gas_limit: 100_000,
        to: TxKind::Call(contract),
        value: U256::ZERO,
        access_list: AccessList(vec![AccessListItem {
            address: contract,
            storage_keys: vec![B256::with_last_byte(4)],
        }]),
        input: store_call(1, 4),
    };
    let bytes = encode_signed(tx, &a, OpTxEnvelope::Eip2930);
    let tx = decode_and_recover(&bytes, CHAIN_ID).unwrap();
    let (executed, _) = chain.block(&[tx]);
    assert_eq!(executed.receipts[0].tx_type, 1);
    assert!(executed.receipts[0].success);
    assert_eq!(executed.receipts[0].effective_gas_price, 2 * GWEI);
    assert_eq!(
        chain.state.storage(contract, U256::from(4)).unwrap(),
        U256::from(1)
    );
}

#[test]
fn jovian_and_holocene_headers() {
    use lumio_primitives::Hardfork;
    let mut chain = TestChain::new(1);
    chain.chain.hardfork = Hardfork::Jovian;
    chain.chain.min_base_fee = 5;
    chain.parent = lumio_evm::genesis_header(&chain.chain, chain.state.state_root());
    assert_eq!(chain.parent.extra_data.len(), 17);
    let (_, block) = chain.block(&[transfer(&signer(0), 0, Address::repeat_byte(0x12), 1)]);
    assert_eq!(block.header.extra_data.len(), 17);
    assert_eq!(block.header.extra_data[0], 1);
    assert_eq!(&block.header.extra_data[9..], &5u64.to_be_bytes());

    let mut chain = TestChain::new(1);
    chain.chain.hardfork = Hardfork::Holocene;
    chain.parent = lumio_evm::genesis_header(&chain.chain, chain.state.state_root());
    let (executed, block) = chain.block(&[transfer(&signer(0), 0, Address::repeat_byte(0x12), 1)]);
    assert_eq!(block.header.extra_data.len(), 9);
    assert_eq!(block.header.requests_hash, None);
    assert!(!executed.needs_message_passer_root());
}

#[test]
fn pre_block_system_calls_reach_present_contracts() {
    use lumio_execution::{
        BEACON_ROOTS_ADDRESS, BlockAttrs, BlockBuilder, HISTORY_STORAGE_ADDRESS,
    };
    let mut chain = TestChain::new(1);
    // Stand-ins: beacon roots stores calldata at slot TIMESTAMP, history at slot NUMBER.
    chain.state.set_code(
        BEACON_ROOTS_ADDRESS,
        Bytes::from_static(&[0x60, 0x00, 0x35, 0x42, 0x55, 0x00]),
    );
    chain.state.set_code(
        HISTORY_STORAGE_ADDRESS,
        Bytes::from_static(&[0x60, 0x00, 0x35, 0x43, 0x55, 0x00]),
    );
    let beacon_root = B256::repeat_byte(0xbe);
    let attrs = BlockAttrs {
        parent_beacon_block_root: Some(beacon_root),
        ..Default::default()
    };
    let builder = BlockBuilder::new(&chain.state, &chain.chain, &chain.parent, 5, attrs).unwrap();
    let parent_hash = builder.header().parent_hash;
    let executed = builder.finish().unwrap();
    assert_eq!(executed.header.parent_beacon_block_root, Some(beacon_root));
    let beacon = &executed.diff.accounts[&BEACON_ROOTS_ADDRESS];
    assert_eq!(
        beacon.storage[&U256::from(5)],
        U256::from_be_bytes(beacon_root.0)
    );
    let history = &executed.diff.accounts[&HISTORY_STORAGE_ADDRESS];
    assert_eq!(
        history.storage[&U256::from(1)],
        U256::from_be_bytes(parent_hash.0)
    );
    // Only the contracts change: no system-address or coinbase entries, no gas used.
    assert_eq!(executed.diff.accounts.len(), 2);
    assert_eq!(executed.header.gas_used, 0);
    chain.commit(&executed);
}
