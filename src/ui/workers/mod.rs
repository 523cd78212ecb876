//! The simulation Web Workers: the pool that runs jobs on them and the link
//! to one worker.

pub mod runner;
#[cfg(feature = "test-hooks")]
pub mod test_hooks;
pub mod worker_link;
