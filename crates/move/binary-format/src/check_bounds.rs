//! Bounds checker: every pool index, type-parameter index, local index, field/variant offset
//! and branch target must be in range. Runs at deserialization and first in the verifier,
//! because later passes rely on it.
//!
//! Failures are `INDEX_OUT_OF_BOUNDS` (with the index kind and index, plus the code offset for
//! instructions), `NUMBER_OF_TYPE_ARGUMENTS_MISMATCH` for struct instantiations of the wrong
//! arity (including a generic struct used without arguments), `TOO_MANY_LOCALS` when the
//! parameter and local count exceeds 255, `ZERO_VARIANTS_ERROR` for an enum without variants,
//! `NO_MODULE_HANDLES` for a module without handles. Checks run in the Aptos order so the first
//! error matches.

use lumio_move_core_types::StatusCode;

use crate::{
    errors::{PartialVMError, PartialVMResult},
    file_format::*,
    file_format_common::LOCAL_INDEX_MAX,
};

/// Entry points of the bounds checker.
#[derive(Debug)]
pub struct BoundsChecker<'a> {
    module_handles: &'a [ModuleHandle],
    struct_handles: &'a [StructHandle],
    function_handles: &'a [FunctionHandle],
    function_instantiations: &'a [FunctionInstantiation],
    signatures: &'a [Signature],
    identifiers_len: usize,
    addresses_len: usize,
    constants: &'a [Constant],
    struct_defs: &'a [StructDefinition],
    field_handles: &'a [FieldHandle],
    field_instantiations: &'a [FieldInstantiation],
    struct_def_instantiations: &'a [StructDefInstantiation],
    struct_variant_handles: &'a [StructVariantHandle],
    struct_variant_instantiations: &'a [StructVariantInstantiation],
    variant_field_handles: &'a [VariantFieldHandle],
    variant_field_instantiations: &'a [VariantFieldInstantiation],
}

fn oob(kind: IndexKind, idx: usize, len: usize) -> PartialVMError {
    PartialVMError::new(StatusCode::INDEX_OUT_OF_BOUNDS)
        .with_message(format!("{kind} index {idx} out of bounds (length {len})"))
        .at_index(kind, u16::try_from(idx).unwrap_or(u16::MAX))
}

fn check<T: ModuleIndex + Copy>(idx: T, len: usize) -> PartialVMResult<()> {
    let i = ModuleIndex::into_index(idx);
    if i < len {
        Ok(())
    } else {
        Err(oob(T::KIND, i, len))
    }
}

impl<'a> BoundsChecker<'a> {
    /// Checks a module.
    pub fn verify_module(m: &'a CompiledModule) -> PartialVMResult<()> {
        if m.module_handles.is_empty() {
            return Err(PartialVMError::new(StatusCode::NO_MODULE_HANDLES)
                .with_message("module has no module handles"));
        }
        let bc = BoundsChecker {
            module_handles: &m.module_handles,
            struct_handles: &m.struct_handles,
            function_handles: &m.function_handles,
            function_instantiations: &m.function_instantiations,
            signatures: &m.signatures,
            identifiers_len: m.identifiers.len(),
            addresses_len: m.address_identifiers.len(),
            constants: &m.constant_pool,
            struct_defs: &m.struct_defs,
            field_handles: &m.field_handles,
            field_instantiations: &m.field_instantiations,
            struct_def_instantiations: &m.struct_def_instantiations,
            struct_variant_handles: &m.struct_variant_handles,
            struct_variant_instantiations: &m.struct_variant_instantiations,
            variant_field_handles: &m.variant_field_handles,
            variant_field_instantiations: &m.variant_field_instantiations,
        };
        // Same order as Aptos, so the first error reported is the same.
        bc.check_common_pools()?;
        check(m.self_module_handle_idx, m.module_handles.len())?;
        bc.check_common_handles()?;
        for fh in &m.field_handles {
            bc.check_field_handle(fh)?;
        }
        for h in &m.friend_decls {
            bc.check_module_handle(h)?;
        }
        for si in &m.struct_def_instantiations {
            check(si.def, m.struct_defs.len())?;
            check(si.type_parameters, m.signatures.len())?;
        }
        bc.check_function_instantiations()?;
        for fi in &m.field_instantiations {
            check(fi.handle, m.field_handles.len())?;
            check(fi.type_parameters, m.signatures.len())?;
        }
        for (i, d) in m.struct_defs.iter().enumerate() {
            bc.check_struct_def(i, d)
                .map_err(|e| e.at_index(IndexKind::StructDefinition, i as u16))?;
        }
        for (i, fdef) in m.function_defs.iter().enumerate() {
            let fidx = FunctionDefinitionIndex(i as u16);
            bc.check_function_def(fidx, fdef)
                .map_err(|e| e.at_index(IndexKind::FunctionDefinition, i as u16))?;
        }
        for vf in &m.variant_field_handles {
            let def = bc.struct_def(vf.struct_index)?;
            for v in &vf.variants {
                let fields = def.fields_of_variant(*v).ok_or_else(|| {
                    oob(
                        IndexKind::MemberCount,
                        usize::from(*v),
                        def.variants().len(),
                    )
                })?;
                if usize::from(vf.field) >= fields.len() {
                    return Err(oob(
                        IndexKind::MemberCount,
                        usize::from(vf.field),
                        fields.len(),
                    ));
                }
            }
        }
        for vh in &m.struct_variant_handles {
            let def = bc.struct_def(vh.struct_index)?;
            let n = def.variants().len();
            if usize::from(vh.variant) >= n {
                return Err(oob(IndexKind::MemberCount, usize::from(vh.variant), n));
            }
        }
        for vi in &m.variant_field_instantiations {
            check(vi.handle, m.variant_field_handles.len())?;
            check(vi.type_parameters, m.signatures.len())?;
        }
        for vi in &m.struct_variant_instantiations {
            check(vi.handle, m.struct_variant_handles.len())?;
            check(vi.type_parameters, m.signatures.len())?;
        }
        Ok(())
    }

    /// Checks a script.
    pub fn verify_script(s: &'a CompiledScript) -> PartialVMResult<()> {
        let bc = BoundsChecker {
            module_handles: &s.module_handles,
            struct_handles: &s.struct_handles,
            function_handles: &s.function_handles,
            function_instantiations: &s.function_instantiations,
            signatures: &s.signatures,
            identifiers_len: s.identifiers.len(),
            addresses_len: s.address_identifiers.len(),
            constants: &s.constant_pool,
            struct_defs: &[],
            field_handles: &[],
            field_instantiations: &[],
            struct_def_instantiations: &[],
            struct_variant_handles: &[],
            struct_variant_instantiations: &[],
            variant_field_handles: &[],
            variant_field_instantiations: &[],
        };
        bc.check_common_pools()?;
        bc.check_common_handles()?;
        bc.check_function_instantiations()?;
        let tp = s.type_parameters.len();
        bc.check_signature_idx(s.parameters, tp)?;
        if let Some(specs) = &s.access_specifiers {
            for a in specs {
                bc.check_access_specifier(a)?;
            }
        }
        let params = bc.sig_len(s.parameters)?;
        bc.check_code(FunctionDefinitionIndex(0), &s.code, params, tp)
    }

    /// Signatures and constants: struct handles and arities (type parameters are checked
    /// where the signature is used).
    fn check_common_pools(&self) -> PartialVMResult<()> {
        for (i, s) in self.signatures.iter().enumerate() {
            for t in &s.0 {
                self.check_type(t, None)
                    .map_err(|e| e.at_index(IndexKind::Signature, i as u16))?;
            }
        }
        for (i, c) in self.constants.iter().enumerate() {
            self.check_type(&c.type_, None)
                .map_err(|e| e.at_index(IndexKind::ConstantPool, i as u16))?;
        }
        for h in self.module_handles {
            self.check_module_handle(h)?;
        }
        Ok(())
    }

    fn check_common_handles(&self) -> PartialVMResult<()> {
        for (i, h) in self.struct_handles.iter().enumerate() {
            check(h.module, self.module_handles.len())
                .and_then(|()| check(h.name, self.identifiers_len))
                .map_err(|e| e.at_index(IndexKind::StructHandle, i as u16))?;
        }
        for (i, h) in self.function_handles.iter().enumerate() {
            self.check_function_handle(h)
                .map_err(|e| e.at_index(IndexKind::FunctionHandle, i as u16))?;
        }
        Ok(())
    }

    fn check_function_instantiations(&self) -> PartialVMResult<()> {
        for fi in self.function_instantiations {
            check(fi.handle, self.function_handles.len())?;
            check(fi.type_parameters, self.signatures.len())?;
        }
        Ok(())
    }

    fn check_module_handle(&self, h: &ModuleHandle) -> PartialVMResult<()> {
        check(h.address, self.addresses_len)?;
        check(h.name, self.identifiers_len)
    }

    fn check_function_handle(&self, h: &FunctionHandle) -> PartialVMResult<()> {
        check(h.module, self.module_handles.len())?;
        check(h.name, self.identifiers_len)?;
        let tp = h.type_parameters.len();
        self.check_signature_idx(h.parameters, tp)?;
        self.check_signature_idx(h.return_, tp)?;
        if let Some(specs) = &h.access_specifiers {
            for a in specs {
                self.check_access_specifier(a)?;
            }
        }
        Ok(())
    }

    fn check_access_specifier(&self, a: &AccessSpecifier) -> PartialVMResult<()> {
        match &a.resource {
            ResourceSpecifier::Any => {}
            ResourceSpecifier::DeclaredAtAddress(i) => check(*i, self.addresses_len)?,
            ResourceSpecifier::DeclaredInModule(i) => check(*i, self.module_handles.len())?,
            ResourceSpecifier::Resource(i) => check(*i, self.struct_handles.len())?,
            ResourceSpecifier::ResourceInstantiation(i, s) => {
                check(*i, self.struct_handles.len())?;
                check(*s, self.signatures.len())?;
            }
        }
        match &a.address {
            AddressSpecifier::Any => {}
            AddressSpecifier::Literal(i) => check(*i, self.addresses_len)?,
            AddressSpecifier::Parameter(_, f) => {
                if let Some(f) = f {
                    check(*f, self.function_instantiations.len())?;
                }
            }
        }
        Ok(())
    }

    fn sig(&self, idx: SignatureIndex) -> PartialVMResult<&'a Signature> {
        self.signatures.get(idx.into_index()).ok_or_else(|| {
            oob(
                IndexKind::Signature,
                idx.into_index(),
                self.signatures.len(),
            )
        })
    }

    fn sig_len(&self, idx: SignatureIndex) -> PartialVMResult<usize> {
        Ok(self.sig(idx)?.len())
    }

    fn struct_def(&self, idx: StructDefinitionIndex) -> PartialVMResult<&'a StructDefinition> {
        self.struct_defs.get(idx.into_index()).ok_or_else(|| {
            oob(
                IndexKind::StructDefinition,
                idx.into_index(),
                self.struct_defs.len(),
            )
        })
    }

    /// Signature index in range and its type parameters below `type_param_count`.
    fn check_signature_idx(
        &self,
        idx: SignatureIndex,
        type_param_count: usize,
    ) -> PartialVMResult<()> {
        for t in &self.sig(idx)?.0 {
            self.check_type(t, Some(type_param_count))?;
        }
        Ok(())
    }

    /// Struct handle indices and arities in `ty`; if `type_param_count` is given, type
    /// parameter indices too.
    fn check_type(
        &self,
        ty: &SignatureToken,
        type_param_count: Option<usize>,
    ) -> PartialVMResult<()> {
        for t in ty.preorder_traversal() {
            match t {
                SignatureToken::Struct(h) => {
                    check(*h, self.struct_handles.len())?;
                    if let Some(sh) = self.struct_handles.get(h.into_index())
                        && !sh.type_parameters.is_empty()
                    {
                        return Err(PartialVMError::new(
                            StatusCode::NUMBER_OF_TYPE_ARGUMENTS_MISMATCH,
                        )
                        .with_message(format!(
                            "expected {} type arguments, got 0",
                            sh.type_parameters.len()
                        )));
                    }
                }
                SignatureToken::StructInstantiation(h, args) => {
                    check(*h, self.struct_handles.len())?;
                    if let Some(sh) = self.struct_handles.get(h.into_index())
                        && sh.type_parameters.len() != args.len()
                    {
                        return Err(PartialVMError::new(
                            StatusCode::NUMBER_OF_TYPE_ARGUMENTS_MISMATCH,
                        )
                        .with_message(format!(
                            "expected {} type arguments, got {}",
                            sh.type_parameters.len(),
                            args.len()
                        )));
                    }
                }
                SignatureToken::TypeParameter(i) => {
                    if let Some(n) = type_param_count
                        && usize::from(*i) >= n
                    {
                        return Err(oob(IndexKind::TypeParameter, usize::from(*i), n));
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    fn check_struct_def(&self, idx: usize, d: &StructDefinition) -> PartialVMResult<()> {
        check(d.struct_handle, self.struct_handles.len())?;
        let tp = self
            .struct_handles
            .get(d.struct_handle.into_index())
            .map_or(0, |h| h.type_parameters.len());
        let check_fields = |fields: &[FieldDefinition]| -> PartialVMResult<()> {
            for f in fields {
                check(f.name, self.identifiers_len)?;
                self.check_type(&f.signature.0, Some(tp))?;
            }
            Ok(())
        };
        match &d.field_information {
            StructFieldInformation::Native => Ok(()),
            StructFieldInformation::Declared(fields) => check_fields(fields),
            StructFieldInformation::DeclaredVariants(variants) => {
                for v in variants {
                    check(v.name, self.identifiers_len)?;
                    check_fields(&v.fields)?;
                }
                if variants.is_empty() {
                    return Err(PartialVMError::new(StatusCode::ZERO_VARIANTS_ERROR)
                        .with_message(format!("enum definition #{idx} has no variants")));
                }
                Ok(())
            }
        }
    }

    fn check_field_handle(&self, fh: &FieldHandle) -> PartialVMResult<()> {
        let def = self.struct_def(fh.owner)?;
        let n = def.declared_field_count();
        if usize::from(fh.field) >= n {
            return Err(oob(IndexKind::MemberCount, usize::from(fh.field), n));
        }
        Ok(())
    }

    fn check_function_def(
        &self,
        fidx: FunctionDefinitionIndex,
        fdef: &FunctionDefinition,
    ) -> PartialVMResult<()> {
        check(fdef.function, self.function_handles.len())?;
        for a in &fdef.acquires_global_resources {
            check(*a, self.struct_defs.len())?;
        }
        let Some(code) = &fdef.code else {
            return Ok(());
        };
        let handle = self
            .function_handles
            .get(fdef.function.into_index())
            .ok_or_else(|| {
                oob(
                    IndexKind::FunctionHandle,
                    fdef.function.into_index(),
                    self.function_handles.len(),
                )
            })?;
        let params = self.sig_len(handle.parameters)?;
        self.check_code(fidx, code, params, handle.type_parameters.len())
    }

    fn check_code(
        &self,
        fidx: FunctionDefinitionIndex,
        code: &CodeUnit,
        param_count: usize,
        type_param_count: usize,
    ) -> PartialVMResult<()> {
        self.check_signature_idx(code.locals, type_param_count)?;
        let locals = param_count + self.sig_len(code.locals)?;
        // As Aptos: parameters + locals must not exceed `u8::MAX` (255).
        if locals > LOCAL_INDEX_MAX as usize {
            return Err(PartialVMError::new(StatusCode::TOO_MANY_LOCALS)
                .with_message(format!("{locals} locals exceed the maximum of 255")));
        }
        let code_len = code.code.len();
        for (offset, instr) in code.code.iter().enumerate() {
            let at = |e: PartialVMError| e.at_code_offset(fidx, offset as CodeOffset);
            self.check_instruction(instr, locals, code_len, type_param_count)
                .map_err(at)?;
        }
        Ok(())
    }

    fn check_inst_sig(&self, sig: SignatureIndex, tp: usize) -> PartialVMResult<()> {
        self.check_signature_idx(sig, tp)
    }

    fn check_instruction(
        &self,
        instr: &Bytecode,
        locals: usize,
        code_len: usize,
        tp: usize,
    ) -> PartialVMResult<()> {
        use Bytecode::*;
        match instr {
            BrTrue(o) | BrFalse(o) | Branch(o) if usize::from(*o) >= code_len => {
                return Err(oob(IndexKind::CodeDefinition, usize::from(*o), code_len));
            }
            CopyLoc(l) | MoveLoc(l) | StLoc(l) | MutBorrowLoc(l) | ImmBorrowLoc(l)
                if usize::from(*l) >= locals =>
            {
                return Err(oob(IndexKind::LocalPool, usize::from(*l), locals));
            }
            LdConst(i) => check(*i, self.constants.len())?,
            Call(i) => check(*i, self.function_handles.len())?,
            PackClosure(i, _) => check(*i, self.function_handles.len())?,
            CallGeneric(i) | PackClosureGeneric(i, _) => {
                check(*i, self.function_instantiations.len())?;
                if let Some(fi) = self.function_instantiations.get(i.into_index()) {
                    self.check_inst_sig(fi.type_parameters, tp)?;
                }
            }
            Pack(i) | Unpack(i) | Exists(i) | MutBorrowGlobal(i) | ImmBorrowGlobal(i)
            | MoveFrom(i) | MoveTo(i) => check(*i, self.struct_defs.len())?,
            PackGeneric(i)
            | UnpackGeneric(i)
            | ExistsGeneric(i)
            | MutBorrowGlobalGeneric(i)
            | ImmBorrowGlobalGeneric(i)
            | MoveFromGeneric(i)
            | MoveToGeneric(i) => {
                check(*i, self.struct_def_instantiations.len())?;
                if let Some(si) = self.struct_def_instantiations.get(i.into_index()) {
                    self.check_inst_sig(si.type_parameters, tp)?;
                }
            }
            MutBorrowField(i) | ImmBorrowField(i) => check(*i, self.field_handles.len())?,
            MutBorrowFieldGeneric(i) | ImmBorrowFieldGeneric(i) => {
                check(*i, self.field_instantiations.len())?;
                if let Some(fi) = self.field_instantiations.get(i.into_index()) {
                    self.check_inst_sig(fi.type_parameters, tp)?;
                }
            }
            PackVariant(i) | UnpackVariant(i) | TestVariant(i) => {
                check(*i, self.struct_variant_handles.len())?;
            }
            PackVariantGeneric(i) | UnpackVariantGeneric(i) | TestVariantGeneric(i) => {
                check(*i, self.struct_variant_instantiations.len())?;
                if let Some(vi) = self.struct_variant_instantiations.get(i.into_index()) {
                    self.check_inst_sig(vi.type_parameters, tp)?;
                }
            }
            MutBorrowVariantField(i) | ImmBorrowVariantField(i) => {
                check(*i, self.variant_field_handles.len())?;
            }
            MutBorrowVariantFieldGeneric(i) | ImmBorrowVariantFieldGeneric(i) => {
                check(*i, self.variant_field_instantiations.len())?;
                if let Some(vi) = self.variant_field_instantiations.get(i.into_index()) {
                    self.check_inst_sig(vi.type_parameters, tp)?;
                }
            }
            VecPack(s, _)
            | VecLen(s)
            | VecImmBorrow(s)
            | VecMutBorrow(s)
            | VecPushBack(s)
            | VecPopBack(s)
            | VecUnpack(s, _)
            | VecSwap(s)
            | CallClosure(s) => {
                self.check_inst_sig(*s, tp)?;
            }
            _ => {}
        }
        Ok(())
    }
}
