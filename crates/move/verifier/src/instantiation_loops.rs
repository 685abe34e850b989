//! Instantiation loops: generic calls between functions of this module must not form a cycle
//! in which a type argument grows (`f<T>` calling `f<vector<T>>`), which would need infinitely
//! many instantiations.
//!
//! Nodes are (function definition, type parameter). A call `g<..., A_j, ...>` from `f` adds,
//! for every type parameter `T_i` of `f` occurring in `A_j`, an edge `(f,i) -> (g,j)`: an
//! *identity* edge if `A_j` is exactly `T_i`, a *growing* edge otherwise. A strongly connected
//! component containing a growing edge is an error.

use std::collections::BTreeMap;

use lumio_move_binary_format::file_format::{
    Bytecode, CompiledModule, FunctionHandleIndex, SignatureToken,
};
use lumio_move_core_types::StatusCode;

use crate::{
    access,
    error::{PartialVMError, PartialVMResult},
};

type Node = (usize, u16);

/// Verifies the module.
pub(crate) fn verify(m: &CompiledModule) -> PartialVMResult<()> {
    let defs: BTreeMap<FunctionHandleIndex, usize> = m
        .function_defs
        .iter()
        .enumerate()
        .map(|(i, d)| (d.function, i))
        .collect();
    // (from, to, growing)
    let mut edges: Vec<(Node, Node, bool)> = Vec::new();
    for (caller, d) in m.function_defs.iter().enumerate() {
        let Some(code) = &d.code else { continue };
        for instr in &code.code {
            let Bytecode::CallGeneric(fi) = instr else {
                continue;
            };
            let inst = access::function_inst(m, *fi)?;
            let Some(&callee) = defs.get(&inst.handle) else {
                continue;
            };
            for (j, arg) in access::sig_tokens(m, inst.type_parameters)?
                .iter()
                .enumerate()
            {
                let j = u16::try_from(j).map_err(|_| access::invariant("too many type args"))?;
                match arg {
                    SignatureToken::TypeParameter(i) => {
                        edges.push(((caller, *i), (callee, j), false));
                    }
                    _ => {
                        let mut params = Vec::new();
                        type_params(arg, &mut params);
                        for i in params {
                            edges.push(((caller, i), (callee, j), true));
                        }
                    }
                }
            }
        }
    }
    if !edges.iter().any(|e| e.2) {
        return Ok(());
    }
    let scc = sccs(&edges);
    for (from, to, growing) in &edges {
        if *growing && scc.contains_key(from) && scc.get(from) == scc.get(to) {
            return Err(
                PartialVMError::new(StatusCode::LOOP_IN_INSTANTIATION_GRAPH).with_message(format!(
                    "function definition #{} calls #{} with a growing type argument",
                    from.0, to.0
                )),
            );
        }
    }
    Ok(())
}

fn type_params(ty: &SignatureToken, out: &mut Vec<u16>) {
    match ty {
        SignatureToken::TypeParameter(i) => out.push(*i),
        SignatureToken::Vector(t)
        | SignatureToken::Reference(t)
        | SignatureToken::MutableReference(t) => {
            type_params(t, out);
        }
        SignatureToken::StructInstantiation(_, ts) => ts.iter().for_each(|t| type_params(t, out)),
        SignatureToken::Function(ps, rs, _) => {
            ps.iter().chain(rs).for_each(|t| type_params(t, out));
        }
        _ => {}
    }
}

/// Component id of every node (iterative Tarjan).
fn sccs(edges: &[(Node, Node, bool)]) -> BTreeMap<Node, usize> {
    let mut adj: BTreeMap<Node, Vec<Node>> = BTreeMap::new();
    for (a, b, _) in edges {
        adj.entry(*a).or_default().push(*b);
        adj.entry(*b).or_default();
    }
    let nodes: Vec<Node> = adj.keys().copied().collect();
    let mut index: BTreeMap<Node, usize> = BTreeMap::new();
    let mut low: BTreeMap<Node, usize> = BTreeMap::new();
    let mut on_stack: BTreeMap<Node, bool> = BTreeMap::new();
    let mut stack: Vec<Node> = Vec::new();
    let mut comp: BTreeMap<Node, usize> = BTreeMap::new();
    let mut counter = 0usize;
    let mut comp_id = 0usize;
    for root in nodes {
        if index.contains_key(&root) {
            continue;
        }
        let mut call: Vec<(Node, usize)> = vec![(root, 0)];
        index.insert(root, counter);
        low.insert(root, counter);
        counter += 1;
        stack.push(root);
        on_stack.insert(root, true);
        while let Some(&mut (v, ref mut next)) = call.last_mut() {
            let succ = adj.get(&v).and_then(|s| s.get(*next)).copied();
            if let Some(w) = succ {
                *next += 1;
                if let Some(&wi) = index.get(&w) {
                    if on_stack.get(&w).copied().unwrap_or(false) {
                        let lv = low.get(&v).copied().unwrap_or(wi).min(wi);
                        low.insert(v, lv);
                    }
                } else {
                    index.insert(w, counter);
                    low.insert(w, counter);
                    counter += 1;
                    stack.push(w);
                    on_stack.insert(w, true);
                    call.push((w, 0));
                }
            } else {
                call.pop();
                let lv = low.get(&v).copied().unwrap_or(0);
                if let Some(&(parent, _)) = call.last() {
                    let lp = low.get(&parent).copied().unwrap_or(lv).min(lv);
                    low.insert(parent, lp);
                }
                if Some(&lv) == index.get(&v) {
                    while let Some(w) = stack.pop() {
                        on_stack.insert(w, false);
                        comp.insert(w, comp_id);
                        if w == v {
                            break;
                        }
                    }
                    comp_id += 1;
                }
            }
        }
    }
    comp
}
