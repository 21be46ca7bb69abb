//! Task 20.4: ranking the entries of one event, deterministically.

use crate::{Entry, Event, EventTable, Placing, Rules, Standing, Status};

/// The standings of `event`: every valid entry that qualifies, ranked by its score (best
/// first: lowest latency or size, highest accuracy or all-around score), followed by the
/// valid entries that do not qualify (their reasons as the note), the rejected ones (their
/// reasons) and the invalid ones (the reason), each of these groups sorted by name.
///
/// Deterministic whatever the order of `entries`: entries with EQUAL scores share a rank
/// and are listed by name, and the next rank skips ("1, 2, 2, 4", competition ranking),
/// so a tie never depends on which file was read first.
pub fn rank(event: Event, entries: &[Entry], rules: &Rules) -> EventTable {
    // BEGIN SOLUTION 20.4
    let mut ranked: Vec<(f64, &str)> = Vec::new();
    let mut unqualified = Vec::new();
    let mut rejected = Vec::new();
    let mut invalid = Vec::new();
    for entry in entries {
        let name = entry.name.clone();
        match &entry.status {
            Status::Valid { measured, .. } => {
                let score = event.score(measured, rules);
                let reasons = event.disqualifications(measured, rules);
                if reasons.is_empty() {
                    ranked.push((score, &entry.name));
                } else {
                    unqualified.push(Standing {
                        placing: Placing::NotQualified,
                        name,
                        score: Some(score),
                        note: reasons.join("; "),
                    });
                }
            }
            Status::Rejected { reasons, .. } => rejected.push(Standing {
                placing: Placing::Rejected,
                name,
                score: None,
                note: reasons.join("; "),
            }),
            Status::Invalid { reason } => invalid.push(Standing {
                placing: Placing::Invalid,
                name,
                score: None,
                note: reason.clone(),
            }),
        }
    }
    let better = |a: f64, b: f64| match event.higher_is_better() {
        true => b.total_cmp(&a),
        false => a.total_cmp(&b),
    };
    ranked.sort_by(|a, b| better(a.0, b.0).then_with(|| a.1.cmp(b.1)));
    let mut standings = Vec::with_capacity(entries.len());
    for (i, &(score, name)) in ranked.iter().enumerate() {
        let rank = match i {
            0 => 1,
            _ if ranked[i - 1].0 == score => match &standings[i - 1] {
                Standing {
                    placing: Placing::Ranked(r),
                    ..
                } => *r,
                _ => i + 1,
            },
            _ => i + 1,
        };
        standings.push(Standing {
            placing: Placing::Ranked(rank),
            name: name.to_string(),
            score: Some(score),
            note: String::new(),
        });
    }
    for mut group in [unqualified, rejected, invalid] {
        group.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.note.cmp(&b.note)));
        standings.extend(group);
    }
    EventTable { event, standings }
    // END SOLUTION
}
