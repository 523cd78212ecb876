//! Messages between the app (main thread) and its simulation Web Workers.
//!
//! Messages cross the worker boundary as compact bincode bytes in a
//! `Uint8Array`, never as JSON of every record. The worker announces itself
//! with [`FromWorker::Ready`] carrying its crate version: the app compares it
//! with its own, because after a deploy a stale cached worker may be paired
//! with a fresh app.
//!
//! Lifecycle: the worker posts `Ready` as soon as its wasm has started (a
//! message sent to a worker before its handler exists would be lost, so the
//! app waits for `Ready` before sending work), and answers every `Run` with
//! `Started` at once, then its results. A worker that stays silent is
//! replaced by the app (see `ui::runner`).

use serde::{Deserialize, Serialize, de::DeserializeOwned};

use crate::sim::ReplicationResult;

/// What the app asks a worker to do.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ToWorker {
    /// Asks the worker to repeat its `Ready` message (a liveness check).
    Hello,
    /// Runs `replications` of one scenario variant and answers with one
    /// [`FromWorker::Replication`] per replication, then
    /// [`FromWorker::ChunkDone`].
    Run(RunChunk),
    /// Test-only trigger: the worker panics (traps), so the end-to-end
    /// tests can check that the app recovers from a crashed worker. A
    /// worker built without the `test-hooks` feature ignores it.
    CrashForTest,
    /// Test-only trigger: the worker closes itself without an error event
    /// (a silent worker). Ignored without the `test-hooks` feature.
    CloseForTest,
}

/// A slice of a job: some replications of one scenario variant.
///
/// The scenario travels as its JSON text and is validated again in the
/// worker with the same validator; the worker caches the model per
/// `(job, variant)`, so later chunks of the same variant skip that work.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunChunk {
    pub job: u32,
    pub variant: u32,
    pub scenario_json: String,
    pub seed: u64,
    pub replications: Vec<u32>,
    /// Each replication runs the scenario with its own draws of the
    /// scenario's uncertain inputs (`analysis::uncertainty`), not the
    /// scenario as written.
    pub draws: bool,
}

/// What a worker tells the app.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum FromWorker {
    /// The worker has started; `version` is its crate version.
    Ready { version: String },
    /// One finished replication: numbers only (charts are drawn by the app).
    Replication {
        job: u32,
        variant: u32,
        result: Box<ReplicationResult>,
    },
    /// Every replication of the chunk has been sent.
    ChunkDone { job: u32, variant: u32 },
    /// The scenario did not pass validation in the worker (the app checks
    /// first, so this means the two disagree).
    Invalid {
        job: u32,
        variant: u32,
        errors: Vec<String>,
    },
    /// The worker could not decode a message (an app/worker mismatch).
    Unreadable { reason: String },
    /// The worker has received a chunk and starts on it: the app knows it
    /// is alive before the first replication, which may take long, ends.
    Started { job: u32, variant: u32 },
}

/// A message that could not be decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeError(pub String);

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "unreadable worker message: {}", self.0)
    }
}

impl std::error::Error for DecodeError {}

/// Encodes a message for `postMessage`.
pub fn encode<T: Serialize>(message: &T) -> Vec<u8> {
    // Serialising these plain enums into a Vec cannot fail: bincode only
    // fails on writer errors or maps with unknown length, neither of which
    // can occur here.
    bincode::serialize(message).unwrap_or_default()
}

/// Decodes bytes received from the other side.
pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, DecodeError> {
    bincode::deserialize(bytes).map_err(|e| DecodeError(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_round_trip() {
        let ready = FromWorker::Ready {
            version: crate::VERSION.to_string(),
        };
        assert_eq!(decode::<FromWorker>(&encode(&ready)), Ok(ready));
        assert_eq!(
            decode::<ToWorker>(&encode(&ToWorker::Hello)),
            Ok(ToWorker::Hello)
        );
    }

    /// Real results cross to the app intact, with and without a traffic
    /// source: bincode is not self-describing, so a field the serialiser
    /// skips (`skip_serializing_if`) makes every result unreadable — the
    /// traffic pool's first version did, and every run failed in the app.
    #[test]
    fn replication_results_round_trip() {
        let mm1 = include_str!("../examples/validation/mm1.json");
        let traffic = include_str!("../examples/digital_user_operations_traffic_pool.json");
        for json in [mm1, traffic] {
            let model = crate::scenario::load(json).expect("an example is valid");
            let message = FromWorker::Replication {
                job: 1,
                variant: 0,
                result: Box::new(crate::sim::run_replication(&model, 1, 0)),
            };
            assert_eq!(decode::<FromWorker>(&encode(&message)), Ok(message));
        }
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(decode::<FromWorker>(&[0xff, 0xff, 0xff, 0xff, 0x01]).is_err());
        assert!(decode::<FromWorker>(&[]).is_err());
    }
}
