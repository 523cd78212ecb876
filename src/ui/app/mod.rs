//! The app's shell: the root component and what surrounds every view.

pub mod framing;
pub mod library;
pub mod offline;
pub mod panic_banner;
pub mod shell;
pub mod storage;
