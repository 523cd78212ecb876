//! The back-test (in progress).
