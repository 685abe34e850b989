//! Reference safety: the rules of each instruction, in straight-line, branch-join and loop forms.
