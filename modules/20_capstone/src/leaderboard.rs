//! The leaderboard (shared code, run by the `leaderboard` binary): find the submissions in
//! a folder, validate each by re-measuring it on this machine, rank every event, and show
//! the result as a terminal table.

use crate::{
    CapstoneError, Entry, Event, EventTable, Machine, MeasureConfig, Placing, Rules, Status,
    Tolerance, rank, validate,
};
use serde::Serialize;
use std::fmt::Write;
use std::path::{Path, PathBuf};
use tinytorch_dataloader::TensorDataset;

/// Every entry, validated, and the standings of every event.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Leaderboard {
    /// The bars of the events.
    pub rules: Rules,
    /// How far reported numbers may be from re-measured ones.
    pub tolerance: Tolerance,
    /// The machine that re-measured every entry.
    pub machine: Machine,
    /// Every submission found, in path order.
    pub entries: Vec<Entry>,
    /// One table per event, in [`Event::ALL`] order.
    pub events: Vec<EventTable>,
}

/// The submissions in `dir`: every `*.json` file in it and in its immediate subfolders
/// (one folder per student works as well as one flat folder), sorted by path.
///
/// # Errors
/// [`CapstoneError::Io`] if `dir` (or a subfolder) cannot be listed.
pub fn find_submissions(dir: &Path) -> Result<Vec<PathBuf>, CapstoneError> {
    let list = |d: &Path| -> Result<Vec<PathBuf>, CapstoneError> {
        let read = std::fs::read_dir(d).map_err(|e| CapstoneError::io(d, &e))?;
        let mut paths = Vec::new();
        for item in read {
            paths.push(item.map_err(|e| CapstoneError::io(d, &e))?.path());
        }
        Ok(paths)
    };
    let is_json = |p: &PathBuf| p.is_file() && p.extension().is_some_and(|e| e == "json");
    let mut found = Vec::new();
    for path in list(dir)? {
        if path.is_dir() {
            found.extend(list(&path)?.into_iter().filter(is_json));
        } else if is_json(&path) {
            found.push(path);
        }
    }
    found.sort();
    Ok(found)
}

impl Leaderboard {
    /// Validates every submission in `dir` against the held-out digits `test` and ranks
    /// every event. One bad submission never stops the others: it is an invalid entry.
    ///
    /// # Errors
    /// Only [`CapstoneError::Io`] if `dir` cannot be listed.
    pub fn build(
        dir: &Path,
        test: &TensorDataset,
        config: &MeasureConfig,
        rules: Rules,
        tolerance: Tolerance,
    ) -> Result<Leaderboard, CapstoneError> {
        let entries: Vec<Entry> = find_submissions(dir)?
            .iter()
            .map(|json| validate(json, test, config, &tolerance))
            .collect();
        let events = Event::ALL
            .iter()
            .map(|&event| rank(event, &entries, &rules))
            .collect();
        Ok(Leaderboard {
            rules,
            tolerance,
            machine: Machine::this(),
            entries,
            events,
        })
    }

    /// The leaderboard as text: the entries with their re-measured numbers and status,
    /// then one table per event.
    pub fn to_table(&self) -> String {
        let mut out = String::new();
        let r = &self.rules;
        // Writing to a String cannot fail.
        let _ = writeln!(
            out,
            "Leaderboard: {} entries, re-measured on {} {} ({} cpus)",
            self.entries.len(),
            self.machine.os,
            self.machine.arch,
            self.machine.cpus
        );
        let _ = writeln!(
            out,
            "Rules: accuracy floor {:.2}%, p90 budget {} ms, size budget {} bytes; \
             tolerance: accuracy {}, latency {}x, size exact",
            100.0 * r.accuracy_floor,
            r.latency_budget_ms,
            r.size_budget_bytes,
            self.tolerance.accuracy,
            self.tolerance.latency_factor
        );
        let _ = writeln!(out, "\nEntries (re-measured / reported)");
        let _ = writeln!(
            out,
            "{:<24} {:<9} {:>17} {:>21} {:>17}",
            "name", "status", "accuracy", "p90 us", "bytes"
        );
        for entry in &self.entries {
            entry_row(&mut out, entry);
        }
        for table in &self.events {
            event_rows(&mut out, table);
        }
        out
    }

    /// The leaderboard as pretty-printed JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a leaderboard holds only numbers and strings")
    }
}

/// One line per entry, and its reasons indented below.
fn entry_row(out: &mut String, entry: &Entry) {
    let pair = |m: f64, r: f64, digits: usize| format!("{m:.digits$} / {r:.digits$}");
    let us = |ms: f64| 1e3 * ms;
    match &entry.status {
        Status::Valid { measured, reported }
        | Status::Rejected {
            measured, reported, ..
        } => {
            let _ = writeln!(
                out,
                "{:<24} {:<9} {:>17} {:>21} {:>17}",
                entry.name,
                entry.status_word(),
                pair(measured.accuracy, reported.accuracy, 4),
                pair(us(measured.latency_p90_ms), us(reported.latency_p90_ms), 2),
                format!("{} / {}", measured.size_bytes, reported.size_bytes),
            );
        }
        Status::Invalid { .. } => {
            let _ = writeln!(out, "{:<24} {:<9}", entry.name, entry.status_word());
        }
    }
    let reasons: Vec<&str> = match &entry.status {
        Status::Valid { .. } => Vec::new(),
        Status::Rejected { reasons, .. } => reasons.iter().map(String::as_str).collect(),
        Status::Invalid { reason } => vec![reason.as_str()],
    };
    for reason in reasons {
        let _ = writeln!(out, "    - {reason}");
    }
}

/// An event's title and standings.
fn event_rows(out: &mut String, table: &EventTable) {
    let event = table.event;
    let _ = writeln!(out, "\n{} (by {})", event.title(), event.metric());
    for s in &table.standings {
        let place = match s.placing {
            Placing::Ranked(rank) => rank.to_string(),
            Placing::NotQualified => "-".to_string(),
            Placing::Rejected => "rejected".to_string(),
            Placing::Invalid => "invalid".to_string(),
        };
        let score = s.score.map_or(String::new(), |v| event.format_score(v));
        // The reasons of rejected and invalid entries are listed once, with the entries.
        let note = match s.placing {
            Placing::Rejected | Placing::Invalid => "(see the entries)",
            _ => s.note.as_str(),
        };
        let _ = writeln!(out, "  {place:>8}  {:<24} {score:>12}  {note}", s.name);
    }
}
