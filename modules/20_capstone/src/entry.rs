//! An entry after validation, and the standings of an event (shared types; validation is
//! task 20.3, ranking task 20.4).

use crate::{Event, Measured};
use serde::Serialize;
use std::path::PathBuf;

/// What validation concluded about one submission.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum Status {
    /// The numbers reproduce: the entry is ranked on the re-measured numbers.
    Valid {
        /// What this machine measured (the numbers ranks use).
        measured: Measured,
        /// What the submission claimed.
        reported: Measured,
    },
    /// The model runs, but the reported numbers do not reproduce: not ranked.
    Rejected {
        /// What this machine measured.
        measured: Measured,
        /// What the submission claimed.
        reported: Measured,
        /// One sentence per number that does not reproduce.
        reasons: Vec<String>,
    },
    /// The submission cannot be evaluated: unreadable or malformed JSON, a newer schema,
    /// a missing or unloadable model file, or a model file whose hash differs from the
    /// submission's. Not ranked.
    Invalid {
        /// Why.
        reason: String,
    },
}

/// One submission after validation.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Entry {
    /// The submission's name (its file stem when the JSON could not be read).
    pub name: String,
    /// The submission's JSON file.
    pub source: PathBuf,
    /// Valid, rejected or invalid, with the numbers and reasons.
    pub status: Status,
}

impl Entry {
    /// The re-measured numbers of a valid entry, `None` otherwise.
    pub fn valid_measurement(&self) -> Option<&Measured> {
        match &self.status {
            Status::Valid { measured, .. } => Some(measured),
            _ => None,
        }
    }

    /// The status as one word: `valid`, `rejected` or `invalid`.
    pub fn status_word(&self) -> &'static str {
        match self.status {
            Status::Valid { .. } => "valid",
            Status::Rejected { .. } => "rejected",
            Status::Invalid { .. } => "invalid",
        }
    }
}

/// Where an entry stands in one event.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum Placing {
    /// Ranked: 1 is first; entries with equal scores share a rank ("1, 2, 2, 4").
    Ranked(usize),
    /// Valid, but it misses a bar of this event.
    NotQualified,
    /// Its numbers do not reproduce.
    Rejected,
    /// It could not be evaluated.
    Invalid,
}

/// One line of an event's table.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Standing {
    /// Ranked, not qualified, rejected or invalid.
    pub placing: Placing,
    /// The entry's name.
    pub name: String,
    /// The event's score of a valid entry (qualified or not), from the re-measured numbers.
    pub score: Option<f64>,
    /// Why an entry is not ranked (empty when it is).
    pub note: String,
}

/// An event's standings: ranked entries best first (ties by name), then the entries that
/// did not qualify, then the rejected, then the invalid ones, each group by name.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EventTable {
    /// The event.
    pub event: Event,
    /// Every entry, once.
    pub standings: Vec<Standing>,
}
