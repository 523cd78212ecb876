//! Small pieces any view uses.

pub mod browser;
pub mod tabs;
pub mod typing;
