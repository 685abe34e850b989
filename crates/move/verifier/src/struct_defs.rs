//! Recursive structs: no struct or enum of this module contains itself, directly or through
//! other local structs, vectors or type arguments.

use std::collections::BTreeMap;

use lumio_move_binary_format::file_format::{CompiledModule, SignatureToken, StructHandleIndex};
use lumio_move_core_types::StatusCode;

use crate::{
    access,
    error::{PartialVMError, PartialVMResult},
};

/// Verifies the struct definitions.
pub(crate) fn verify(m: &CompiledModule) -> PartialVMResult<()> {
    let handle_to_def: BTreeMap<StructHandleIndex, usize> = m
        .struct_defs
        .iter()
        .enumerate()
        .map(|(i, d)| (d.struct_handle, i))
        .collect();
    let n = m.struct_defs.len();
    let mut edges: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, d) in m.struct_defs.iter().enumerate() {
        for t in access::all_field_types(d) {
            collect(
                t,
                &handle_to_def,
                edges
                    .get_mut(i)
                    .ok_or_else(|| access::invariant("struct edge"))?,
            );
        }
    }
    // Iterative DFS with colours: 0 white, 1 on stack, 2 done.
    let mut colour = vec![0u8; n];
    for root in 0..n {
        if colour.get(root) != Some(&0) {
            continue;
        }
        let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
        if let Some(c) = colour.get_mut(root) {
            *c = 1;
        }
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            let succ = edges.get(node).and_then(|e| e.get(*next)).copied();
            match succ {
                Some(s) => {
                    *next += 1;
                    match colour.get(s).copied() {
                        Some(0) => {
                            if let Some(c) = colour.get_mut(s) {
                                *c = 1;
                            }
                            stack.push((s, 0));
                        }
                        Some(1) => {
                            return Err(PartialVMError::new(
                                StatusCode::RECURSIVE_STRUCT_DEFINITION,
                            )
                            .with_message(format!("struct definition #{s}")));
                        }
                        _ => {}
                    }
                }
                None => {
                    if let Some(c) = colour.get_mut(node) {
                        *c = 2;
                    }
                    stack.pop();
                }
            }
        }
    }
    Ok(())
}

fn collect(ty: &SignatureToken, map: &BTreeMap<StructHandleIndex, usize>, out: &mut Vec<usize>) {
    match ty {
        SignatureToken::Struct(h) => out.extend(map.get(h).copied()),
        SignatureToken::StructInstantiation(h, args) => {
            out.extend(map.get(h).copied());
            for a in args {
                collect(a, map, out);
            }
        }
        SignatureToken::Vector(t)
        | SignatureToken::Reference(t)
        | SignatureToken::MutableReference(t) => {
            collect(t, map, out);
        }
        _ => {}
    }
}
