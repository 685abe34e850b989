//! Hardfork → `OpSpecId`.

use lumio_primitives::Hardfork;
use op_revm::OpSpecId;

/// The op-revm spec a hardfork runs at.
pub const fn op_spec(fork: Hardfork) -> OpSpecId {
    match fork {
        Hardfork::Holocene => OpSpecId::HOLOCENE,
        Hardfork::Isthmus => OpSpecId::ISTHMUS,
        Hardfork::Jovian => OpSpecId::JOVIAN,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forks_map_to_specs() {
        assert_eq!(op_spec(Hardfork::Holocene), OpSpecId::HOLOCENE);
        assert_eq!(op_spec(Hardfork::Isthmus), OpSpecId::ISTHMUS);
        assert_eq!(op_spec(Hardfork::Jovian), OpSpecId::JOVIAN);
        // Isthmus is Prague on the Ethereum side (EIP-7702 on).
        assert_eq!(
            op_spec(Hardfork::Isthmus).into_eth_spec(),
            op_revm::revm::primitives::hardfork::SpecId::PRAGUE
        );
    }
}
