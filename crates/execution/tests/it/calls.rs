//! eth_call, eth_estimateGas, eth_createAccessList.
