//! Customer feedback: what customers say about each stage, in their own words. For now
//! the masking of personal data in those verbatims, which happens before they go anywhere.

pub mod mask;
