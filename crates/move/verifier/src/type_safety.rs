//! Type safety: abstract interpretation over types, one basic block at a time.
//!
//! Blocks start and end with an empty operand stack (the stack-usage pass guarantees it) and
//! locals have fixed declared types, so no join is needed: each block is checked on its own,
//! reachable or not. Checks operand types and abilities of every instruction (copy needs
//! `copy`, pop/overwrite needs `drop`, global operations need `key`, ...).

use lumio_move_binary_format::file_format::{
    Bytecode, CodeOffset, SignatureToken, StructDefinitionIndex, StructFieldInformation,
};
use lumio_move_core_types::{AbilitySet, StatusCode};

use crate::{
    absint::FunctionContext,
    access::{self, abilities, instantiate, invariant, is_integer},
    error::PartialVMResult,
    meter::Meter,
};

type ST = SignatureToken;

/// Aptos's type-safety meter charge per type node pushed or instantiated.
const TYPE_NODE_COST: u128 = 30;

struct Checker<'a, 'b> {
    ctx: &'b FunctionContext<'a>,
    stack: Vec<ST>,
    meter: &'b mut Meter,
}

/// Verifies the function body.
pub(crate) fn verify(ctx: &FunctionContext<'_>, meter: &mut Meter) -> PartialVMResult<()> {
    for block in ctx.cfg.blocks.values() {
        let mut c = Checker {
            ctx,
            stack: Vec::new(),
            meter,
        };
        for pc in block.start..=block.end {
            c.step(pc)?;
        }
    }
    Ok(())
}

/// Number of nodes of a type (the type itself and every type inside it).
fn type_nodes(ty: &ST) -> usize {
    let mut n = 0;
    let mut todo = vec![ty];
    while let Some(t) = todo.pop() {
        n += 1;
        match t {
            ST::Vector(e) | ST::Reference(e) | ST::MutableReference(e) => todo.push(e),
            ST::StructInstantiation(_, args) => todo.extend(args.iter()),
            ST::Function(params, results, _) => todo.extend(params.iter().chain(results.iter())),
            _ => {}
        }
    }
    n
}

impl Checker<'_, '_> {
    /// Pushes `ty`, charging its size.
    fn push(&mut self, ty: ST) -> PartialVMResult<()> {
        self.meter.add_items(TYPE_NODE_COST, type_nodes(&ty))?;
        self.stack.push(ty);
        Ok(())
    }

    /// Charges the types of an instantiation.
    fn charge_tys(&mut self, tys: &[ST]) -> PartialVMResult<()> {
        for ty in tys {
            self.meter.add_items(TYPE_NODE_COST, type_nodes(ty))?;
        }
        Ok(())
    }

    fn pop(&mut self) -> PartialVMResult<ST> {
        self.stack
            .pop()
            .ok_or_else(|| invariant("type safety: stack underflow"))
    }

    fn abilities(&self, ty: &ST) -> PartialVMResult<AbilitySet> {
        abilities(self.ctx.module, ty, self.ctx.type_parameters)
    }

    fn err(&self, code: StatusCode, pc: CodeOffset) -> crate::error::PartialVMError {
        self.ctx.err(code, pc)
    }

    /// Pops values for `expected` (last on top) and compares them.
    fn pop_expect(
        &mut self,
        expected: &[ST],
        code: StatusCode,
        pc: CodeOffset,
    ) -> PartialVMResult<()> {
        for ty in expected.iter().rev() {
            let got = self.pop()?;
            if &got != ty {
                return Err(self.err(code, pc));
            }
        }
        Ok(())
    }

    fn field_types(
        &self,
        sd: StructDefinitionIndex,
        variant: Option<u16>,
        type_args: &[ST],
        code: StatusCode,
        pc: CodeOffset,
    ) -> PartialVMResult<Vec<ST>> {
        let def = access::struct_def(self.ctx.module, sd)?;
        let fields = match (variant, &def.field_information) {
            (None, StructFieldInformation::Declared(f)) => f.as_slice(),
            (Some(v), StructFieldInformation::DeclaredVariants(vs)) => vs
                .get(usize::from(v))
                .map(|x| x.fields.as_slice())
                .ok_or_else(|| self.err(code, pc))?,
            _ => return Err(self.err(code, pc)),
        };
        fields
            .iter()
            .map(|f| instantiate(&f.signature.0, type_args))
            .collect()
    }

    /// Type of field `offset` of struct `sd` (all `variants` must agree for enums).
    fn field_type(
        &self,
        sd: StructDefinitionIndex,
        variants: Option<&[u16]>,
        offset: u16,
        type_args: &[ST],
        pc: CodeOffset,
    ) -> PartialVMResult<ST> {
        let def = access::struct_def(self.ctx.module, sd)?;
        let bad = || self.err(StatusCode::BORROWFIELD_BAD_FIELD_ERROR, pc);
        let ty = match (variants, &def.field_information) {
            (None, StructFieldInformation::Declared(f)) => f
                .get(usize::from(offset))
                .ok_or_else(bad)?
                .signature
                .0
                .clone(),
            (Some(vs), StructFieldInformation::DeclaredVariants(defs)) => {
                let mut ty: Option<&ST> = None;
                for v in vs {
                    let variant = defs.get(usize::from(*v)).ok_or_else(bad)?;
                    let f = variant.fields.get(usize::from(offset)).ok_or_else(bad)?;
                    match ty {
                        None => ty = Some(&f.signature.0),
                        Some(t) if t == &f.signature.0 => {}
                        Some(_) => return Err(bad()),
                    }
                }
                ty.ok_or_else(bad)?.clone()
            }
            _ => return Err(bad()),
        };
        instantiate(&ty, type_args)
    }

    fn borrow_field(
        &mut self,
        pc: CodeOffset,
        mutable: bool,
        sd: StructDefinitionIndex,
        variants: Option<&[u16]>,
        offset: u16,
        type_args: Option<&[ST]>,
    ) -> PartialVMResult<()> {
        let operand = self.pop()?;
        let owner = access::struct_type(self.ctx.module, sd, type_args)?;
        let inner = match (&operand, mutable) {
            (ST::MutableReference(inner), _) => inner,
            (ST::Reference(inner), false) => inner,
            _ => return Err(self.err(StatusCode::BORROWFIELD_TYPE_MISMATCH_ERROR, pc)),
        };
        if **inner != owner {
            return Err(self.err(StatusCode::BORROWFIELD_TYPE_MISMATCH_ERROR, pc));
        }
        let fty = self.field_type(sd, variants, offset, type_args.unwrap_or(&[]), pc)?;
        self.push(if mutable {
            ST::MutableReference(Box::new(fty))
        } else {
            ST::Reference(Box::new(fty))
        })?;
        Ok(())
    }

    fn call(
        &mut self,
        pc: CodeOffset,
        fh: lumio_move_binary_format::file_format::FunctionHandleIndex,
        type_args: &[ST],
    ) -> PartialVMResult<()> {
        let m = self.ctx.module;
        let handle = access::function_handle(m, fh)?;
        let params = access::sig_tokens(m, handle.parameters)?;
        let returns = access::sig_tokens(m, handle.return_)?;
        let params: Vec<ST> = params
            .iter()
            .map(|t| instantiate(t, type_args))
            .collect::<PartialVMResult<_>>()?;
        self.pop_expect(&params, StatusCode::CALL_TYPE_MISMATCH_ERROR, pc)?;
        for r in returns {
            self.push(instantiate(r, type_args)?)?;
        }
        Ok(())
    }

    fn pack(
        &mut self,
        pc: CodeOffset,
        sd: StructDefinitionIndex,
        variant: Option<u16>,
        type_args: Option<&[ST]>,
    ) -> PartialVMResult<()> {
        let fields = self.field_types(
            sd,
            variant,
            type_args.unwrap_or(&[]),
            StatusCode::PACK_TYPE_MISMATCH_ERROR,
            pc,
        )?;
        self.pop_expect(&fields, StatusCode::PACK_TYPE_MISMATCH_ERROR, pc)?;
        self.stack
            .push(access::struct_type(self.ctx.module, sd, type_args)?);
        Ok(())
    }

    fn unpack(
        &mut self,
        pc: CodeOffset,
        sd: StructDefinitionIndex,
        variant: Option<u16>,
        type_args: Option<&[ST]>,
    ) -> PartialVMResult<()> {
        let ty = access::struct_type(self.ctx.module, sd, type_args)?;
        if self.pop()? != ty {
            return Err(self.err(StatusCode::UNPACK_TYPE_MISMATCH_ERROR, pc));
        }
        let fields = self.field_types(
            sd,
            variant,
            type_args.unwrap_or(&[]),
            StatusCode::UNPACK_TYPE_MISMATCH_ERROR,
            pc,
        )?;
        for f in fields {
            self.push(f)?;
        }
        Ok(())
    }

    fn test_variant(
        &mut self,
        pc: CodeOffset,
        sd: StructDefinitionIndex,
        variant: u16,
        type_args: Option<&[ST]>,
    ) -> PartialVMResult<()> {
        let ty = access::struct_type(self.ctx.module, sd, type_args)?;
        let def = access::struct_def(self.ctx.module, sd)?;
        let ok_variant = matches!(&def.field_information,
            StructFieldInformation::DeclaredVariants(vs) if usize::from(variant) < vs.len());
        match self.pop()? {
            ST::Reference(inner) | ST::MutableReference(inner) if *inner == ty && ok_variant => {}
            _ => return Err(self.err(StatusCode::TEST_VARIANT_TYPE_MISMATCH_ERROR, pc)),
        }
        self.push(ST::Bool)?;
        Ok(())
    }

    fn global(
        &mut self,
        pc: CodeOffset,
        op: GlobalOp,
        sd: StructDefinitionIndex,
        type_args: Option<&[ST]>,
    ) -> PartialVMResult<()> {
        let ty = access::struct_type(self.ctx.module, sd, type_args)?;
        let has_key = self.abilities(&ty)?.has_key();
        use StatusCode as S;
        match op {
            GlobalOp::Exists => {
                if !has_key || self.pop()? != ST::Address {
                    return Err(self.err(S::EXISTS_WITHOUT_KEY_ABILITY_OR_BAD_ARGUMENT, pc));
                }
                self.push(ST::Bool)?;
            }
            GlobalOp::Borrow(mutable) => {
                if !has_key {
                    return Err(self.err(S::BORROWGLOBAL_WITHOUT_KEY_ABILITY, pc));
                }
                if self.pop()? != ST::Address {
                    return Err(self.err(S::BORROWGLOBAL_TYPE_MISMATCH_ERROR, pc));
                }
                self.push(if mutable {
                    ST::MutableReference(Box::new(ty))
                } else {
                    ST::Reference(Box::new(ty))
                })?;
            }
            GlobalOp::MoveFrom => {
                if !has_key {
                    return Err(self.err(S::MOVEFROM_WITHOUT_KEY_ABILITY, pc));
                }
                if self.pop()? != ST::Address {
                    return Err(self.err(S::MOVEFROM_TYPE_MISMATCH_ERROR, pc));
                }
                self.push(ty)?;
            }
            GlobalOp::MoveTo => {
                if !has_key {
                    return Err(self.err(S::MOVETO_WITHOUT_KEY_ABILITY, pc));
                }
                let value = self.pop()?;
                let signer = self.pop()?;
                if value != ty || signer != ST::Reference(Box::new(ST::Signer)) {
                    return Err(self.err(S::MOVETO_TYPE_MISMATCH_ERROR, pc));
                }
            }
        }
        Ok(())
    }

    fn vec_elem(
        &self,
        sig: lumio_move_binary_format::file_format::SignatureIndex,
    ) -> PartialVMResult<ST> {
        match access::sig_tokens(self.ctx.module, sig)? {
            [t] => Ok(t.clone()),
            _ => Err(invariant("vector instruction signature must have one type")),
        }
    }

    /// Pops a reference to `vector<elem>`; `mut_only` requires `&mut`.
    fn pop_vec_ref(&mut self, elem: &ST, mut_only: bool, pc: CodeOffset) -> PartialVMResult<()> {
        let expected = ST::Vector(Box::new(elem.clone()));
        match self.pop()? {
            ST::MutableReference(inner) if *inner == expected => Ok(()),
            ST::Reference(inner) if *inner == expected && !mut_only => Ok(()),
            _ => Err(self.err(StatusCode::TYPE_MISMATCH, pc)),
        }
    }

    fn pop_u64(&mut self, pc: CodeOffset) -> PartialVMResult<()> {
        if self.pop()? != ST::U64 {
            return Err(self.err(StatusCode::TYPE_MISMATCH, pc));
        }
        Ok(())
    }

    fn binary_int(&mut self, pc: CodeOffset, result_bool: bool) -> PartialVMResult<()> {
        let a = self.pop()?;
        let b = self.pop()?;
        if !is_integer(&a) || a != b {
            return Err(self.err(StatusCode::INTEGER_OP_TYPE_MISMATCH_ERROR, pc));
        }
        self.push(if result_bool { ST::Bool } else { a })?;
        Ok(())
    }

    fn cast(&mut self, pc: CodeOffset, to: ST) -> PartialVMResult<()> {
        if !is_integer(&self.pop()?) {
            return Err(self.err(StatusCode::INTEGER_OP_TYPE_MISMATCH_ERROR, pc));
        }
        self.push(to)?;
        Ok(())
    }

    fn step(&mut self, pc: CodeOffset) -> PartialVMResult<()> {
        use Bytecode as B;
        use StatusCode as S;
        let ctx = self.ctx;
        let m = ctx.module;
        let instr = ctx.instr(pc)?;
        match instr {
            B::Pop => {
                let t = self.pop()?;
                if !self.abilities(&t)?.has_drop() {
                    return Err(self.err(S::POP_WITHOUT_DROP_ABILITY, pc));
                }
            }
            B::Ret => {
                let returns = ctx.returns.to_vec();
                self.pop_expect(&returns, S::RET_TYPE_MISMATCH_ERROR, pc)?;
            }
            B::BrTrue(_) | B::BrFalse(_) => {
                if self.pop()? != ST::Bool {
                    return Err(self.err(S::BR_TYPE_MISMATCH_ERROR, pc));
                }
            }
            B::Branch(_) | B::Nop => {}
            B::Abort => {
                if self.pop()? != ST::U64 {
                    return Err(self.err(S::ABORT_TYPE_MISMATCH_ERROR, pc));
                }
            }
            B::AbortMsg => {
                // The code is pushed first, the message last.
                let message = self.pop()?;
                let code = self.pop()?;
                if code != ST::U64 || message != ST::Vector(Box::new(ST::U8)) {
                    return Err(self.err(S::ABORT_TYPE_MISMATCH_ERROR, pc));
                }
            }
            B::StLoc(i) => {
                let t = self.pop()?;
                if &t != ctx.local_type(*i)? {
                    return Err(self.err(S::STLOC_TYPE_MISMATCH_ERROR, pc));
                }
            }
            B::CopyLoc(i) => {
                let t = ctx.local_type(*i)?.clone();
                if !self.abilities(&t)?.has_copy() {
                    return Err(self.err(S::COPYLOC_WITHOUT_COPY_ABILITY, pc));
                }
                self.push(t)?;
            }
            B::MoveLoc(i) => self.push(ctx.local_type(*i)?.clone())?,
            B::MutBorrowLoc(i) | B::ImmBorrowLoc(i) => {
                let t = ctx.local_type(*i)?.clone();
                if matches!(t, ST::Reference(_) | ST::MutableReference(_)) {
                    return Err(self.err(S::BORROWLOC_REFERENCE_ERROR, pc));
                }
                self.push(if matches!(instr, B::MutBorrowLoc(_)) {
                    ST::MutableReference(Box::new(t))
                } else {
                    ST::Reference(Box::new(t))
                })?;
            }
            B::FreezeRef => match self.pop()? {
                ST::MutableReference(inner) => self.push(ST::Reference(inner))?,
                _ => return Err(self.err(S::FREEZEREF_TYPE_MISMATCH_ERROR, pc)),
            },
            B::ReadRef => match self.pop()? {
                ST::Reference(inner) | ST::MutableReference(inner) => {
                    if !self.abilities(&inner)?.has_copy() {
                        return Err(self.err(S::READREF_WITHOUT_COPY_ABILITY, pc));
                    }
                    self.push(*inner)?;
                }
                _ => return Err(self.err(S::READREF_TYPE_MISMATCH_ERROR, pc)),
            },
            B::WriteRef => {
                let r = self.pop()?;
                let v = self.pop()?;
                let ST::MutableReference(inner) = r else {
                    return Err(self.err(S::WRITEREF_NO_MUTABLE_REFERENCE_ERROR, pc));
                };
                if !self.abilities(&inner)?.has_drop() {
                    return Err(self.err(S::WRITEREF_WITHOUT_DROP_ABILITY, pc));
                }
                if *inner != v {
                    return Err(self.err(S::WRITEREF_TYPE_MISMATCH_ERROR, pc));
                }
            }
            B::MutBorrowField(fh) | B::ImmBorrowField(fh) => {
                let h = access::field_handle(m, *fh)?;
                self.borrow_field(
                    pc,
                    matches!(instr, B::MutBorrowField(_)),
                    h.owner,
                    None,
                    h.field,
                    None,
                )?;
            }
            B::MutBorrowFieldGeneric(fi) | B::ImmBorrowFieldGeneric(fi) => {
                let inst = access::field_inst(m, *fi)?;
                let h = access::field_handle(m, inst.handle)?;
                let args = access::sig_tokens(m, inst.type_parameters)?.to_vec();
                self.charge_tys(&args)?;
                self.borrow_field(
                    pc,
                    matches!(instr, B::MutBorrowFieldGeneric(_)),
                    h.owner,
                    None,
                    h.field,
                    Some(&args),
                )?;
            }
            B::MutBorrowVariantField(vh) | B::ImmBorrowVariantField(vh) => {
                let h = access::variant_field_handle(m, *vh)?;
                let vs = h.variants.clone();
                self.borrow_field(
                    pc,
                    matches!(instr, B::MutBorrowVariantField(_)),
                    h.struct_index,
                    Some(&vs),
                    h.field,
                    None,
                )?;
            }
            B::MutBorrowVariantFieldGeneric(vi) | B::ImmBorrowVariantFieldGeneric(vi) => {
                let inst = access::variant_field_inst(m, *vi)?;
                let h = access::variant_field_handle(m, inst.handle)?;
                let args = access::sig_tokens(m, inst.type_parameters)?.to_vec();
                self.charge_tys(&args)?;
                let vs = h.variants.clone();
                self.borrow_field(
                    pc,
                    matches!(instr, B::MutBorrowVariantFieldGeneric(_)),
                    h.struct_index,
                    Some(&vs),
                    h.field,
                    Some(&args),
                )?;
            }
            B::LdU8(_) => self.push(ST::U8)?,
            B::LdU16(_) => self.push(ST::U16)?,
            B::LdU32(_) => self.push(ST::U32)?,
            B::LdU64(_) => self.push(ST::U64)?,
            B::LdU128(_) => self.push(ST::U128)?,
            B::LdU256(_) => self.push(ST::U256)?,
            B::LdI8(_) => self.push(ST::I8)?,
            B::LdI16(_) => self.push(ST::I16)?,
            B::LdI32(_) => self.push(ST::I32)?,
            B::LdI64(_) => self.push(ST::I64)?,
            B::LdI128(_) => self.push(ST::I128)?,
            B::LdI256(_) => self.push(ST::I256)?,
            B::LdTrue | B::LdFalse => self.push(ST::Bool)?,
            B::LdConst(c) => {
                let t = access::constant(m, *c)?.type_.clone();
                self.push(t)?;
            }
            B::CastU8 => self.cast(pc, ST::U8)?,
            B::CastU16 => self.cast(pc, ST::U16)?,
            B::CastU32 => self.cast(pc, ST::U32)?,
            B::CastU64 => self.cast(pc, ST::U64)?,
            B::CastU128 => self.cast(pc, ST::U128)?,
            B::CastU256 => self.cast(pc, ST::U256)?,
            B::CastI8 => self.cast(pc, ST::I8)?,
            B::CastI16 => self.cast(pc, ST::I16)?,
            B::CastI32 => self.cast(pc, ST::I32)?,
            B::CastI64 => self.cast(pc, ST::I64)?,
            B::CastI128 => self.cast(pc, ST::I128)?,
            B::CastI256 => self.cast(pc, ST::I256)?,
            B::Add | B::Sub | B::Mul | B::Mod | B::Div | B::BitOr | B::BitAnd | B::Xor => {
                self.binary_int(pc, false)?;
            }
            B::Negate => {
                let t = self.pop()?;
                if !matches!(
                    t,
                    ST::I8 | ST::I16 | ST::I32 | ST::I64 | ST::I128 | ST::I256
                ) {
                    return Err(self.err(S::INTEGER_OP_TYPE_MISMATCH_ERROR, pc));
                }
                self.push(t)?;
            }
            B::Shl | B::Shr => {
                let rhs = self.pop()?;
                let lhs = self.pop()?;
                if rhs != ST::U8 || !is_integer(&lhs) {
                    return Err(self.err(S::INTEGER_OP_TYPE_MISMATCH_ERROR, pc));
                }
                self.push(lhs)?;
            }
            B::Lt | B::Gt | B::Le | B::Ge => self.binary_int(pc, true)?,
            B::Or | B::And => {
                let a = self.pop()?;
                let b = self.pop()?;
                if a != ST::Bool || b != ST::Bool {
                    return Err(self.err(S::BOOLEAN_OP_TYPE_MISMATCH_ERROR, pc));
                }
                self.push(ST::Bool)?;
            }
            B::Not => {
                if self.pop()? != ST::Bool {
                    return Err(self.err(S::BOOLEAN_OP_TYPE_MISMATCH_ERROR, pc));
                }
                self.push(ST::Bool)?;
            }
            B::Eq | B::Neq => {
                let a = self.pop()?;
                let b = self.pop()?;
                if a != b || !self.abilities(&a)?.has_drop() {
                    return Err(self.err(S::EQUALITY_OP_TYPE_MISMATCH_ERROR, pc));
                }
                self.push(ST::Bool)?;
            }
            B::Call(fh) => self.call(pc, *fh, &[])?,
            B::CallGeneric(fi) => {
                let inst = access::function_inst(m, *fi)?;
                let args = access::sig_tokens(m, inst.type_parameters)?.to_vec();
                self.charge_tys(&args)?;
                self.call(pc, inst.handle, &args)?;
            }
            B::Pack(sd) => self.pack(pc, *sd, None, None)?,
            B::PackGeneric(si) => {
                let inst = access::struct_def_inst(m, *si)?;
                let args = access::sig_tokens(m, inst.type_parameters)?.to_vec();
                self.charge_tys(&args)?;
                self.pack(pc, inst.def, None, Some(&args))?;
            }
            B::Unpack(sd) => self.unpack(pc, *sd, None, None)?,
            B::UnpackGeneric(si) => {
                let inst = access::struct_def_inst(m, *si)?;
                let args = access::sig_tokens(m, inst.type_parameters)?.to_vec();
                self.charge_tys(&args)?;
                self.unpack(pc, inst.def, None, Some(&args))?;
            }
            B::PackVariant(vh) => {
                let h = access::struct_variant_handle(m, *vh)?;
                self.pack(pc, h.struct_index, Some(h.variant), None)?;
            }
            B::PackVariantGeneric(vi) => {
                let inst = access::struct_variant_inst(m, *vi)?;
                let h = access::struct_variant_handle(m, inst.handle)?;
                let args = access::sig_tokens(m, inst.type_parameters)?.to_vec();
                self.charge_tys(&args)?;
                self.pack(pc, h.struct_index, Some(h.variant), Some(&args))?;
            }
            B::UnpackVariant(vh) => {
                let h = access::struct_variant_handle(m, *vh)?;
                self.unpack(pc, h.struct_index, Some(h.variant), None)?;
            }
            B::UnpackVariantGeneric(vi) => {
                let inst = access::struct_variant_inst(m, *vi)?;
                let h = access::struct_variant_handle(m, inst.handle)?;
                let args = access::sig_tokens(m, inst.type_parameters)?.to_vec();
                self.charge_tys(&args)?;
                self.unpack(pc, h.struct_index, Some(h.variant), Some(&args))?;
            }
            B::TestVariant(vh) => {
                let h = access::struct_variant_handle(m, *vh)?;
                self.test_variant(pc, h.struct_index, h.variant, None)?;
            }
            B::TestVariantGeneric(vi) => {
                let inst = access::struct_variant_inst(m, *vi)?;
                let h = access::struct_variant_handle(m, inst.handle)?;
                let args = access::sig_tokens(m, inst.type_parameters)?.to_vec();
                self.charge_tys(&args)?;
                self.test_variant(pc, h.struct_index, h.variant, Some(&args))?;
            }
            B::Exists(sd) => self.global(pc, GlobalOp::Exists, *sd, None)?,
            B::MutBorrowGlobal(sd) => self.global(pc, GlobalOp::Borrow(true), *sd, None)?,
            B::ImmBorrowGlobal(sd) => self.global(pc, GlobalOp::Borrow(false), *sd, None)?,
            B::MoveFrom(sd) => self.global(pc, GlobalOp::MoveFrom, *sd, None)?,
            B::MoveTo(sd) => self.global(pc, GlobalOp::MoveTo, *sd, None)?,
            B::ExistsGeneric(si)
            | B::MutBorrowGlobalGeneric(si)
            | B::ImmBorrowGlobalGeneric(si)
            | B::MoveFromGeneric(si)
            | B::MoveToGeneric(si) => {
                let inst = access::struct_def_inst(m, *si)?;
                let args = access::sig_tokens(m, inst.type_parameters)?.to_vec();
                self.charge_tys(&args)?;
                let op = match instr {
                    B::ExistsGeneric(_) => GlobalOp::Exists,
                    B::MutBorrowGlobalGeneric(_) => GlobalOp::Borrow(true),
                    B::ImmBorrowGlobalGeneric(_) => GlobalOp::Borrow(false),
                    B::MoveFromGeneric(_) => GlobalOp::MoveFrom,
                    _ => GlobalOp::MoveTo,
                };
                self.global(pc, op, inst.def, Some(&args))?;
            }
            B::VecPack(sig, n) => {
                let elem = self.vec_elem(*sig)?;
                for _ in 0..*n {
                    if self.pop()? != elem {
                        return Err(self.err(S::TYPE_MISMATCH, pc));
                    }
                }
                self.push(ST::Vector(Box::new(elem)))?;
            }
            B::VecLen(sig) => {
                let elem = self.vec_elem(*sig)?;
                self.pop_vec_ref(&elem, false, pc)?;
                self.push(ST::U64)?;
            }
            B::VecImmBorrow(sig) | B::VecMutBorrow(sig) => {
                let elem = self.vec_elem(*sig)?;
                let mutable = matches!(instr, B::VecMutBorrow(_));
                self.pop_u64(pc)?;
                self.pop_vec_ref(&elem, mutable, pc)?;
                self.push(if mutable {
                    ST::MutableReference(Box::new(elem))
                } else {
                    ST::Reference(Box::new(elem))
                })?;
            }
            B::VecPushBack(sig) => {
                let elem = self.vec_elem(*sig)?;
                if self.pop()? != elem {
                    return Err(self.err(S::TYPE_MISMATCH, pc));
                }
                self.pop_vec_ref(&elem, true, pc)?;
            }
            B::VecPopBack(sig) => {
                let elem = self.vec_elem(*sig)?;
                self.pop_vec_ref(&elem, true, pc)?;
                self.push(elem)?;
            }
            B::VecUnpack(sig, n) => {
                let elem = self.vec_elem(*sig)?;
                if self.pop()? != ST::Vector(Box::new(elem.clone())) {
                    return Err(self.err(S::TYPE_MISMATCH, pc));
                }
                for _ in 0..*n {
                    self.push(elem.clone())?;
                }
            }
            B::VecSwap(sig) => {
                let elem = self.vec_elem(*sig)?;
                self.pop_u64(pc)?;
                self.pop_u64(pc)?;
                self.pop_vec_ref(&elem, true, pc)?;
            }
            other => {
                // Function values (closures) are rejected by the feature check before this
                // pass; reaching here is a verifier bug.
                return Err(invariant(format!(
                    "type safety: unsupported instruction {other:?}"
                )));
            }
        }
        Ok(())
    }
}

#[derive(Clone, Copy)]
enum GlobalOp {
    Exists,
    Borrow(bool),
    MoveFrom,
    MoveTo,
}
